import { z } from 'zod';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/** `"1h30m"`, `"10s"`, `"30d"` or a number of milliseconds, as whole milliseconds. */
export function parseDuration(text: string): number {
  let total = 0;
  for (const match of text.matchAll(PART)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  return Math.round(total);
}

/** A duration in a scenario file: milliseconds, or a string such as `"90s"`, `"2h"`, `"1d12h"`. */
const DURATION_HELP = 'must be whole milliseconds (>= 0) or a duration such as "90s", "15m", "2h", "1d12h"';
export const DurationSchema = z.union(
  [z.number().int().nonnegative(), z.string().regex(WHOLE).transform(parseDuration)],
  { error: DURATION_HELP },
);

/** A positive duration (intervals, windows). */
export const PositiveDurationSchema = DurationSchema.refine((ms) => ms > 0, 'must be longer than 0');

/** Start time: an ISO-8601 date-time with a zone, or epoch milliseconds. */
export const StartTimeSchema = z.union(
  [
    z.number().int().min(946_684_800_000).max(4_102_444_800_000),
    z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
  ],
  { error: 'must be an ISO-8601 date-time such as 2026-01-05T06:00:00Z, or epoch ms between 2000 and 2100' },
);
