/** Shared by every benchmark: medians, peak memory and the `--json` last line (EVALUATION.md §5). */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[pos] as number;
}

/** Samples this process's RSS every `everyMs` until stopped; returns the peak in MiB. */
export function trackPeakRss(everyMs = 50): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss) / 2 ** 20;
    },
  };
}

export function hasFlag(args: readonly string[], flag: string): boolean {
  return args.includes(flag);
}

/** `--name value` from the arguments, or the fallback. */
export function option(args: readonly string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? (args[i + 1] as string) : fallback;
}

/** Print a human table, and with --json the figures as one JSON object on the last line. */
export function report(title: string, figures: Record<string, unknown>, args: readonly string[]): void {
  console.log(`\n${title}`);
  for (const [k, v] of Object.entries(figures)) {
    console.log(`  ${k.padEnd(32)} ${typeof v === 'number' ? formatNumber(v) : JSON.stringify(v)}`);
  }
  if (hasFlag(args, '--json')) console.log(JSON.stringify({ benchmark: title, ...figures }));
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(4);
}
