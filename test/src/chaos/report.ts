// Figures of a reliability test: printed as a table at the end, and with PDM_CHAOS_JSON=1 also as
// one JSON object on the last line, so results can be collected by a script.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './process.js';

export type Figures = Record<string, number | string | boolean>;

export const FULL = process.env.PDM_CHAOS === 'full';
export const MODE = FULL ? 'full' : 'short';

/** Collects figures per case of one test file; `print()` in afterAll. */
export class Report {
  private readonly rows: { name: string; figures: Figures }[] = [];

  constructor(readonly test: string) {}

  add(name: string, figures: Figures): void {
    this.rows.push({ name, figures });
  }

  print(): void {
    if (this.rows.length === 0) return;
    const keys = [...new Set(this.rows.flatMap((r) => Object.keys(r.figures)))];
    const header = ['case', ...keys];
    const lines = this.rows.map((r) => [r.name, ...keys.map((k) => format(r.figures[k]))]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
    const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
    const table = [row(header), row(widths.map((w) => '-'.repeat(w))), ...lines.map(row)].join('\n');
    console.log(`\n${this.test} (${MODE})\n${table}\n`);
    const record = { test: this.test, mode: MODE, at: new Date().toISOString(), cases: this.rows };
    if (process.env.PDM_CHAOS_JSON === '1') console.log(JSON.stringify(record));
    const dir = join(REPO_ROOT, 'test-results');
    mkdirSync(dir, { recursive: true });
    appendFileSync(join(dir, 'reliability.ndjson'), `${JSON.stringify(record)}\n`);
  }
}

function format(v: number | string | boolean | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  return String(v);
}
