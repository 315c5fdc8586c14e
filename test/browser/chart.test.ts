import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBrowserCode } from '../../cloud/src/web/bundle.js';
import { findChromium } from '../src/servers.js';
import { lowContrast, openBrowser, type Person, shoot, unlabelled } from './harness.js';

const chromiumPath = await findChromium();
const LAB = fileURLToPath(new URL('./chart-lab.ts', import.meta.url));

interface FrameStats {
  drawMs: number[];
  frameMs: number[];
  inked: number;
}

describe.skipIf(!chromiumPath)('evidence chart in Chromium', () => {
  let person: Person;
  beforeAll(async () => {
    person = await openBrowser(chromiumPath!);
    const [script] = await bundleBrowserCode(LAB, { minify: true, format: 'iife' });
    await person.page.setContent(
      '<!doctype html><body style="margin:0"><main style="width:1200px"></main></body>',
    );
    await person.page.addScriptTag({ content: Buffer.from(script!.contents).toString() });
  });
  afterAll(() => person?.close());

  it('draws a month of 1-minute points per series and stays smooth while zooming and panning', async () => {
    const stats = await person.page.evaluate(monthChart);
    await shoot(person.page, 'chart-month-of-minutes');
    const sorted = [...stats.drawMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    expect(stats.inked).toBeGreaterThan(2_000);
    expect(stats.drawMs.length).toBeGreaterThanOrEqual(60);
    expect(median).toBeLessThan(8);
    // The machine is shared: judge the typical frame and the 90th percentile, not one unlucky frame.
    expect(sorted[Math.floor(sorted.length * 0.9)]!).toBeLessThan(33);
    expect(person.problems).toEqual([]);
  });

  it('zooms, pans and reads values from the keyboard', async () => {
    const { page } = person;
    await page.keyboard.press('Tab');
    const canvas = page.getByRole('img', { name: 'test chart' });
    await expect.poll(() => canvas.evaluate((c) => c === document.activeElement)).toBe(true);
    const readout = await page.locator('.chart-readout').textContent();
    expect(readout).toMatch(/vibration_rms \(mm\/s\): [\d.]+ · bearing_temp \(°C\): [\d.]+/);
    const span = () => page.evaluate(() => window.chartLab.last!.visible());
    await page.keyboard.press('0');
    const before = await span();
    await page.keyboard.press('+');
    const zoomed = await span();
    expect(zoomed.to - zoomed.from).toBeCloseTo((before.to - before.from) * 0.8, -3);
    await page.keyboard.press('ArrowLeft');
    const panned = await span();
    expect(panned.from).toBeLessThan(zoomed.from);
    await page.keyboard.press('0');
    expect(await span()).toEqual(before);
  });

  it('has accessibility checks that catch an unlabelled field and faint text', async () => {
    const { page } = person;
    await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.id = 'probe';
      probe.innerHTML = '<input name="nameless"><p style="color:#bbb;background:#fff">faint text</p>';
      document.body.append(probe);
    });
    expect((await unlabelled(page)).join()).toContain('nameless');
    expect((await lowContrast(page)).join()).toContain('faint text');
    await page.evaluate(() => document.getElementById('probe')!.remove());
    expect(await unlabelled(page)).toEqual([]);
  });
});

/** Runs in the page: two 43,200-point series, 60 animation frames of zoom and pan. */
async function monthChart(): Promise<FrameStats> {
  const MINUTE = 60_000;
  const t0 = Date.UTC(2026, 9, 20);
  const n = 30 * 24 * 60;
  const vib: [number, number][] = [];
  const temp: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const wear = i > n * 0.8 ? ((i - n * 0.8) / (n * 0.2)) ** 2 * 4 : 0;
    vib.push([t0 + i * MINUTE, 2 + Math.sin(i / 90) * 0.3 + ((i * 7919) % 100) / 200 + wear]);
    temp.push([t0 + i * MINUTE, 60 + Math.sin(i / 1440) * 3 + wear * 2]);
  }
  const end = t0 + n * MINUTE;
  const chart = window.chartLab.evidenceChart({
    label: 'test chart',
    panels: [
      { name: 'vibration_rms (mm/s)', points: vib, threshold: 5 },
      { name: 'bearing_temp (°C)', points: temp },
    ],
    overlays: {
      band: { p10: end + 2 * 86_400_000, p50: end + 4 * 86_400_000, p90: end + 7 * 86_400_000 },
      due: end + 86_400_000,
      markers: [{ at: end - 3 * 3_600_000, label: 'alert' }],
    },
  });
  document.querySelector('main')!.append(chart.el);
  window.chartLab.last = chart;
  const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
  await frame();
  await frame();
  const drawMs: number[] = [];
  const frameMs: number[] = [];
  let last = await frame();
  for (let k = 0; k < 60; k++) {
    const span = (end - t0) * (1 - (k % 30) / 40);
    const from = t0 + ((k * 9_973) % 20) * 3_600_000;
    chart.setWindow({ from, to: from + span });
    const now = await frame();
    frameMs.push(now - last);
    last = now;
    drawMs.push(chart.lastDrawMs());
  }
  chart.setWindow({ from: t0 - 86_400_000, to: end + 8 * 86_400_000 });
  await frame();
  await frame();
  const canvas = chart.el.querySelector('canvas')!;
  const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 2]! > 150 && pixels[i]! < 80) inked++;
  return { drawMs, frameMs, inked };
}
