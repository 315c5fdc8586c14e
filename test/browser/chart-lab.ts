/// <reference lib="dom" />
// Loaded into a blank page by chart.test.ts: exposes the console's chart to the test.
import { type Chart, evidenceChart } from '../../cloud/src/web/app/chart/evidence-chart.js';

declare global {
  interface Window {
    chartLab: { evidenceChart: typeof evidenceChart; last?: Chart };
  }
}

window.chartLab = { evidenceChart };
