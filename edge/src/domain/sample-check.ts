import {
  describeIssues,
  ID_PATTERN,
  MAX_EVENT_TIME,
  MAX_READINGS_PER_SAMPLE,
  MAX_SAMPLES_PER_BATCH,
  MIN_EVENT_TIME,
  parseTelemetryMessage,
  type TelemetrySample,
} from '@pdm/shared';

/**
 * Validate a parsed telemetry payload. The hot path checks exactly what `TelemetryMessageSchema`
 * accepts without building zod's result objects; anything it does not accept goes through the
 * shared zod parser, which either accepts it after all or names the bad field.
 */
export function checkTelemetry(
  value: unknown,
): { ok: true; samples: TelemetrySample[] } | { ok: false; reason: string } {
  if (Array.isArray(value)) {
    if (value.length >= 1 && value.length <= MAX_SAMPLES_PER_BATCH && value.every(isValidSample)) {
      return { ok: true, samples: value as TelemetrySample[] };
    }
  } else if (isValidSample(value)) {
    return { ok: true, samples: [value] };
  }
  const parsed = parseTelemetryMessage(value);
  if (parsed.success) return { ok: true, samples: parsed.data };
  return { ok: false, reason: describeIssues(parsed.error) };
}

function isValidSample(value: unknown): value is TelemetrySample {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const o = value as Record<string, unknown>;
  let keys = 0;
  for (const k in o) {
    if (k !== 'ts' && k !== 'seq' && k !== 'readings') return false;
    keys++;
  }
  if (keys < 2) return false;
  const ts = o.ts;
  if (typeof ts !== 'number' || !Number.isInteger(ts) || ts < MIN_EVENT_TIME || ts > MAX_EVENT_TIME)
    return false;
  if ('seq' in o) {
    const seq = o.seq;
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) return false;
  } else if (keys !== 2) return false;
  return isValidReadings(o.readings);
}

/** Sensor names already matched against ID_PATTERN (the same few names arrive in every message). */
const validNames = new Set<string>();
const VALID_NAMES_LIMIT = 10_000;

function isValidName(k: string): boolean {
  if (validNames.has(k)) return true;
  if (!ID_PATTERN.test(k) || k === '__proto__') return false;
  if (validNames.size >= VALID_NAMES_LIMIT) validNames.clear();
  validNames.add(k);
  return true;
}

function isValidReadings(r: unknown): boolean {
  if (r === null || typeof r !== 'object' || Array.isArray(r)) return false;
  if (Object.getPrototypeOf(r) !== Object.prototype) return false;
  let n = 0;
  for (const k in r as Record<string, unknown>) {
    const v = (r as Record<string, unknown>)[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || !isValidName(k)) return false;
    n++;
  }
  return n >= 1 && n <= MAX_READINGS_PER_SAMPLE;
}
