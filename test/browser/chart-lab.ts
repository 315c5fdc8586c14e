/// <reference lib="dom" />
// Loaded into a blank page by chart.test.ts: exposes the console's chart to the test.
import { evidenceChart } from '../../cloud/src/web/app/chart/evidence-chart.js';

declare global {
  interface Window {
    chartLab: { evidenceChart: typeof evidenceChart };
  }
}

window.chartLab = { evidenceChart };
