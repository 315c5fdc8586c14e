import type { SimProgress } from '../publish/stream.js';

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** One progress line: event time reached, share done, counts and rates. */
export function progressLine(p: SimProgress): string {
  const secs = Math.max(0.001, p.wallMs / 1000);
  const pct = Math.round(p.fraction * 100);
  const sim = new Date(p.simTime).toISOString().replace('.000Z', 'Z');
  return [
    `[pdm-sim] ${sim} ${String(pct).padStart(3)}%`,
    `${fmt.format(p.samplesPublished)} samples`,
    `${fmt.format(p.messagesPublished)} msgs`,
    `${fmt.format(p.samplesPublished / secs)} samples/s`,
    `x${fmt.format((p.simTime - p.startAt) / 1000 / secs)}`,
    `wall ${secs.toFixed(1)}s${p.done ? ' done' : ''}`,
  ].join(' | ');
}

/** Writes progress to stderr: rewriting one line on a terminal, one line per update otherwise. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: SimProgress) => void {
  return (p) => {
    const line = progressLine(p);
    if (stream.isTTY) stream.write(`\r${line}\u001b[K${p.done ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };
}
