/** What the demo shows while it runs, and prints as its summary. */
export interface DemoFigures {
  simTime: number | null;
  samplesPublished: number;
  samplesAccepted: number;
  badMessages: number;
  alertsOpened: number;
  alertsDelivered: number;
  alertsReceived: number;
  workOrders: number;
}

export function formatProgress(f: DemoFigures, elapsedMs: number): string {
  const sim = f.simTime === null ? '-' : new Date(f.simTime).toISOString().slice(0, 16).replace('T', ' ');
  return [
    `${(elapsedMs / 1000).toFixed(0).padStart(3)} s`,
    `sim ${sim}`,
    `samples ${n(f.samplesPublished)} sent / ${n(f.samplesAccepted)} read / ${n(f.badMessages)} bad`,
    `alerts ${n(f.alertsOpened)} raised / ${n(f.alertsDelivered)} delivered / ${n(f.alertsReceived)} received`,
    `work orders ${n(f.workOrders)}`,
  ].join(' | ');
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * Redraws one status line on a terminal; elsewhere (CI logs, pipes) prints a line every
 * `everyMs` so the output stays readable.
 */
export function progressPrinter(stream: NodeJS.WriteStream, everyMs = 5_000) {
  let lastPrinted = 0;
  return {
    update(line: string, now: number): void {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 200) - 1)}`);
      } else if (now - lastPrinted >= everyMs) {
        stream.write(`${line}\n`);
        lastPrinted = now;
      }
    },
    done(): void {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
