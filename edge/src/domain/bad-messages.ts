/** Why a message (or part of it) was not used. Counted per reason; a bounded sample is kept. */
export const BAD_REASONS = [
  'bad_topic',
  'too_large',
  'invalid_json',
  'invalid_schema',
  'invalid_sparkplug',
  'out_of_range',
  'out_of_order',
  'future_timestamp',
  'stale',
  'unknown_alias',
] as const;
export type BadReason = (typeof BAD_REASONS)[number];

export interface BadMessageSample {
  reason: BadReason;
  detail: string;
  topic: string;
  /** Event or receive time of the sample, as known. */
  at: number;
  /** The start of the payload, for inspection. */
  excerpt: string;
}

const EXCERPT_CHARS = 200;

/** Counts bad messages by reason and keeps the most recent `capacity` of them. */
export class BadMessageLog {
  readonly counts: Record<BadReason, number> = Object.fromEntries(BAD_REASONS.map((r) => [r, 0])) as Record<
    BadReason,
    number
  >;
  private readonly samples: BadMessageSample[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  record(entry: {
    reason: BadReason;
    detail: string;
    topic: string;
    at: number;
    payload?: string | Buffer;
  }): void {
    this.counts[entry.reason]++;
    if (this.capacity === 0) return;
    const sample: BadMessageSample = {
      reason: entry.reason,
      detail: entry.detail.slice(0, 300),
      topic: entry.topic.slice(0, 200),
      at: entry.at,
      excerpt: excerptOf(entry.payload),
    };
    if (this.samples.length < this.capacity) this.samples.push(sample);
    else this.samples[this.next] = sample;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Kept samples, oldest first. */
  recent(): BadMessageSample[] {
    if (this.samples.length < this.capacity) return [...this.samples];
    return [...this.samples.slice(this.next), ...this.samples.slice(0, this.next)];
  }

  total(): number {
    let n = 0;
    for (const r of BAD_REASONS) n += this.counts[r];
    return n;
  }
}

function excerptOf(payload: string | Buffer | undefined): string {
  if (payload === undefined) return '';
  if (typeof payload === 'string') return payload.slice(0, EXCERPT_CHARS);
  const head = payload.subarray(0, EXCERPT_CHARS);
  const printable = head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
  return printable ? head.toString('utf8') : `base64:${head.toString('base64')}`;
}
