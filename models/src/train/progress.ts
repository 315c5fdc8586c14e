/** A one-line progress bar on a stream: epoch, batch bar, loss and ETA. */
export class ProgressBar {
  private readonly started: number;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly totalEpochs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  update(state: { epoch: number; fraction: number; loss: number; extra?: string }): void {
    const done = (state.epoch - 1 + state.fraction) / this.totalEpochs;
    const elapsed = (this.now() - this.started) / 1000;
    const eta = done > 0 ? elapsed * (1 / done - 1) : Number.NaN;
    const width = 24;
    const filled = Math.round(state.fraction * width);
    const bar = `${'='.repeat(filled)}${' '.repeat(width - filled)}`;
    const line = `epoch ${state.epoch}/${this.totalEpochs} [${bar}] loss ${state.loss.toFixed(5)} ETA ${formatSeconds(eta)}${state.extra ? ` ${state.extra}` : ''}`;
    if (this.out.isTTY) this.out.write(`\r${line}\u001b[K`);
    else if (state.fraction >= 1) this.out.write(`${line}\n`);
  }

  end(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}
