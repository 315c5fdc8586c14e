// The one path every alert takes, whatever the transport: validate, count, dead-letter or ingest.
import { type Alert, AlertSchema, describeIssues, parseTopic } from '@pdm/shared';
import type { IngestCounters } from '../http/types.js';
import type { ServiceContext } from '../services/context.js';
import { type IngestResult, ingestAlert } from '../services/ingest-alert.js';
import { recordDeadLetter } from '../services/record-dead-letter.js';

export interface IntakeDeps {
  ctx: ServiceContext;
  counters: IngestCounters;
  logger: IntakeLog;
}

/** The little logging intake needs (pino and fastify's request logger both fit). */
export interface IntakeLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type IntakeOutcome = { ok: true; result: IngestResult; alert: Alert } | { ok: false; reason: string };

export interface RejectInput {
  source: 'mqtt' | 'http';
  topic: string | null;
  reason: string;
  payload: string;
}

/** Counts and keeps a bad message; never throws (a failing dead-letter write is only logged). */
export async function rejectMessage(deps: IntakeDeps, input: RejectInput): Promise<void> {
  deps.counters.alertsRejected += 1;
  deps.logger.warn({ source: input.source, topic: input.topic, reason: input.reason }, 'alert rejected');
  try {
    await recordDeadLetter({ ctx: deps.ctx, input });
  } catch (err) {
    deps.logger.error({ err }, 'could not store a dead letter');
  }
}

/** Ingests an alert that passed validation, and keeps the counters. */
export async function acceptAlert(deps: IntakeDeps, alert: Alert): Promise<IngestResult> {
  const result = await ingestAlert({ ctx: deps.ctx, input: { alert } });
  deps.counters.alertsReceived += 1;
  if (result.duplicate) deps.counters.alertsDuplicate += 1;
  deps.counters.workOrders += result.created;
  return result;
}

/** Parses and ingests one raw payload (MQTT); bad input is dead-lettered, not thrown. */
export async function intakeRaw(
  deps: IntakeDeps,
  input: { payload: Buffer; topic: string },
): Promise<IntakeOutcome> {
  const text = input.payload.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = `not JSON: ${(err as Error).message}`;
    await rejectMessage(deps, { source: 'mqtt', topic: input.topic, reason, payload: text });
    return { ok: false, reason };
  }
  const parsed = AlertSchema.safeParse(value);
  const reason = parsed.success ? topicMismatch(input.topic, parsed.data) : describeIssues(parsed.error);
  if (!parsed.success || reason) {
    await rejectMessage(deps, {
      source: 'mqtt',
      topic: input.topic,
      reason: reason as string,
      payload: text,
    });
    return { ok: false, reason: reason as string };
  }
  return { ok: true, result: await acceptAlert(deps, parsed.data), alert: parsed.data };
}

/** An alert must travel on its own site's and asset's topic. */
function topicMismatch(topic: string, alert: Alert): string | undefined {
  const parsed = parseTopic(topic);
  if (!parsed.ok || parsed.topic.kind !== 'alerts') return `not an alert topic: ${topic}`;
  if (parsed.topic.siteId !== alert.siteId || parsed.topic.assetId !== alert.assetId) {
    return `topic is for ${parsed.topic.siteId}/${parsed.topic.assetId} but the alert is for ${alert.siteId}/${alert.assetId}`;
  }
  return undefined;
}
