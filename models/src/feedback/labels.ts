import { z } from 'zod';

const EpochOrIsoSchema = z.union([
  z.number().int().nonnegative(),
  z.iso.datetime({ offset: true }).transform((v) => Date.parse(v)),
]);

/**
 * One close-out label as the cloud exports it for retraining (JSON lines, one object per line).
 * `score` and `threshold` are the alert's own fields (for anomaly models the scorer's output, 0.5 at
 * the model's threshold); labels without them are counted but cannot move a threshold.
 */
export const CloseOutLabelSchema = z.object({
  alertId: z.string().min(1),
  ruleOrModel: z.string().min(1),
  version: z.string().min(1),
  assetId: z.string().min(1),
  failureMode: z.string().min(1),
  confirmed: z.boolean(),
  closedAt: z.iso.datetime({ offset: true }),
  score: z.number().optional(),
  threshold: z.number().optional(),
  /**
   * When the alert opened and when it was last seen (epoch ms or ISO date-time): the time range of
   * the windows behind it, which `retrain --fine-tune` reads from raw samples.
   */
  openedAt: EpochOrIsoSchema.optional(),
  observedAt: EpochOrIsoSchema.optional(),
});
export type CloseOutLabel = z.infer<typeof CloseOutLabelSchema>;

/** Parses JSON lines; every bad line is reported with its number and reason, good lines are kept. */
export function parseLabelLines(text: string): { labels: CloseOutLabel[]; errors: string[] } {
  const labels: CloseOutLabel[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      errors.push(`line ${i + 1}: not JSON`);
      return;
    }
    const r = CloseOutLabelSchema.safeParse(raw);
    if (r.success) labels.push(r.data);
    else
      errors.push(
        `line ${i + 1}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
  });
  return { labels, errors };
}

export interface Recalibration {
  before: { threshold: number; alerts: number; confirmed: number; precision: number };
  after: { threshold: number; alerts: number; confirmed: number; precision: number };
  /** Confirmed failures the new threshold would no longer alert on. */
  confirmedLost: number;
}

/**
 * Raises a score threshold to the lowest value whose precision on the labelled alerts reaches
 * `targetPrecision`, never dropping more than `maxConfirmedLost` of the confirmed ones. Scores are on
 * the alert's scale; the current threshold is where the labelled alerts were raised. Pure.
 */
export function recalibrateThreshold(
  labels: readonly CloseOutLabel[],
  opts: { current: number; targetPrecision: number; maxConfirmedLost: number },
): Recalibration {
  const scored = labels.filter((l) => l.score !== undefined) as (CloseOutLabel & { score: number })[];
  const at = (t: number) => {
    const kept = scored.filter((l) => l.score >= t);
    const confirmed = kept.filter((l) => l.confirmed).length;
    return {
      threshold: t,
      alerts: kept.length,
      confirmed,
      precision: kept.length ? confirmed / kept.length : 0,
    };
  };
  const before = at(Math.min(opts.current, ...scored.map((l) => l.score)));
  let after = before;
  const candidates = [...new Set(scored.map((l) => l.score))]
    .filter((s) => s > before.threshold)
    .sort((a, b) => a - b);
  for (const t of candidates) {
    if (after.precision >= opts.targetPrecision) break;
    const next = at(t);
    if (before.confirmed - next.confirmed > opts.maxConfirmedLost) break;
    if (next.precision > after.precision) after = next;
  }
  return { before, after, confirmedLost: before.confirmed - after.confirmed };
}
