/// <reference lib="dom" />
import { decimate, extent, type Series } from './decimate.js';
import { formatTick, formatValue, padRange, type TimeWindow, timeTicks, valueTicks } from './scale.js';

export interface Panel {
  name: string;
  series: Series;
  /** Drawn as a dashed horizontal line and kept inside the value range. */
  threshold?: number;
  /** Points drawn as dots rather than a line (sparse series such as alert scores). */
  dots?: boolean;
}

export interface Overlays {
  band?: { p10: number; p50: number; p90: number } | null;
  due?: number | null;
  markers: { at: number; label: string }[];
}

export interface Frame {
  width: number;
  height: number;
  window: TimeWindow;
  hoverX: number | null;
}

export const MARGIN = { left: 56, right: 12, top: 34, bottom: 24, gap: 24 };
const COLORS = {
  text: '#2b2f36',
  grid: '#e3e6ea',
  line: ['#1f5fbf', '#0b7a5a', '#7a4b00', '#6b3fa0'],
  threshold: '#b3261e',
  band: 'rgba(214, 104, 0, 0.16)',
  p50: '#b85400',
  due: '#6b3fa0',
  marker: '#b3261e',
  markerLine: 'rgba(179, 38, 30, 0.25)',
};

export function panelRects(frame: Frame, count: number) {
  const inner = frame.height - MARGIN.top - MARGIN.bottom - MARGIN.gap * (count - 1);
  const h = Math.max(20, inner / Math.max(1, count));
  return Array.from({ length: count }, (_, i) => ({
    x: MARGIN.left,
    y: MARGIN.top + i * (h + MARGIN.gap),
    w: Math.max(10, frame.width - MARGIN.left - MARGIN.right),
    h,
  }));
}

export function timeToX(t: number, frame: Frame): number {
  const { from, to } = frame.window;
  const w = frame.width - MARGIN.left - MARGIN.right;
  return MARGIN.left + ((t - from) / (to - from || 1)) * w;
}

export function xToTime(x: number, frame: Frame): number {
  const { from, to } = frame.window;
  const w = frame.width - MARGIN.left - MARGIN.right;
  return from + ((x - MARGIN.left) / (w || 1)) * (to - from);
}

/** Draws every panel, the shared time axis and the overlays. */
export function drawChart(ctx: CanvasRenderingContext2D, frame: Frame, panels: Panel[], overlays: Overlays) {
  ctx.clearRect(0, 0, frame.width, frame.height);
  ctx.font = '11px system-ui, sans-serif';
  const rects = panelRects(frame, panels.length);
  const top = rects[0]?.y ?? MARGIN.top;
  const bottom = (rects.at(-1)?.y ?? 0) + (rects.at(-1)?.h ?? 0);
  drawTimeAxis(ctx, frame, top, bottom);
  drawOverlays(ctx, frame, overlays, top, bottom);
  panels.forEach((panel, i) => {
    drawPanel(ctx, frame, panel, rects[i]!, COLORS.line[i % COLORS.line.length]!);
  });
  if (frame.hoverX !== null) {
    ctx.strokeStyle = COLORS.text;
    ctx.setLineDash([]);
    line(ctx, frame.hoverX, top, frame.hoverX, bottom);
  }
}

function drawTimeAxis(ctx: CanvasRenderingContext2D, frame: Frame, top: number, bottom: number) {
  const { step, ticks } = timeTicks(frame.window.from, frame.window.to, Math.floor(frame.width / 90));
  ctx.fillStyle = COLORS.text;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of ticks) {
    const x = Math.round(timeToX(t, frame)) + 0.5;
    ctx.strokeStyle = COLORS.grid;
    line(ctx, x, top, x, bottom);
    ctx.fillText(formatTick(t, step), x, bottom + 6);
  }
}

function drawOverlays(ctx: CanvasRenderingContext2D, frame: Frame, o: Overlays, top: number, bottom: number) {
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'left';
  if (o.band) {
    const x10 = timeToX(o.band.p10, frame);
    const x90 = timeToX(o.band.p90, frame);
    ctx.fillStyle = COLORS.band;
    ctx.fillRect(x10, top, Math.max(2, x90 - x10), bottom - top);
    ctx.strokeStyle = COLORS.p50;
    ctx.setLineDash([2, 3]);
    const x50 = Math.round(timeToX(o.band.p50, frame)) + 0.5;
    line(ctx, x50, top, x50, bottom);
    ctx.fillStyle = COLORS.p50;
    const label = 'predicted failure p10–p90';
    const fits = x10 + ctx.measureText(label).width + 3 < frame.width - MARGIN.right;
    ctx.textAlign = fits ? 'left' : 'right';
    ctx.fillText(label, fits ? x10 + 3 : Math.min(x90, frame.width - MARGIN.right), top - 16);
    ctx.textAlign = 'left';
  }
  if (o.due) {
    const x = Math.round(timeToX(o.due, frame)) + 0.5;
    ctx.strokeStyle = COLORS.due;
    ctx.setLineDash([6, 4]);
    line(ctx, x, top, x, bottom);
    ctx.fillStyle = COLORS.due;
    ctx.textAlign = 'right';
    ctx.fillText('due', x - 3, top - 16);
  }
  ctx.setLineDash([]);
  ctx.fillStyle = COLORS.marker;
  for (const m of o.markers) {
    const x = timeToX(m.at, frame);
    if (x < MARGIN.left || x > frame.width - MARGIN.right) continue;
    ctx.strokeStyle = COLORS.markerLine;
    line(ctx, Math.round(x) + 0.5, top, Math.round(x) + 0.5, bottom);
    ctx.beginPath();
    ctx.moveTo(x - 4, top);
    ctx.lineTo(x + 4, top);
    ctx.lineTo(x, top + 7);
    ctx.fill();
  }
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

function drawPanel(ctx: CanvasRenderingContext2D, frame: Frame, panel: Panel, r: Rect, color: string) {
  const { from, to } = frame.window;
  let [min, max] = extent(panel.series, from, to);
  if (panel.threshold !== undefined) {
    min = Number.isNaN(min) ? panel.threshold : Math.min(min, panel.threshold);
    max = Number.isNaN(max) ? panel.threshold : Math.max(max, panel.threshold);
  }
  const [lo, hi] = padRange(min, max);
  const y = (v: number) => r.y + r.h - ((v - lo) / (hi - lo)) * r.h;
  drawValueAxis(ctx, r, lo, hi, y);
  ctx.save();
  ctx.beginPath();
  ctx.rect(r.x, r.y, r.w, r.h);
  ctx.clip();
  if (panel.threshold !== undefined) {
    ctx.strokeStyle = COLORS.threshold;
    ctx.setLineDash([5, 4]);
    const ty = Math.round(y(panel.threshold)) + 0.5;
    line(ctx, r.x, ty, r.x + r.w, ty);
    ctx.setLineDash([]);
  }
  drawSeries(ctx, frame, panel, { color, y, columns: r.w });
  ctx.restore();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.font = 'bold 11px system-ui, sans-serif';
  ctx.fillStyle = COLORS.text;
  ctx.fillText(panel.name, r.x, r.y - 3);
  ctx.font = '11px system-ui, sans-serif';
}

function drawValueAxis(
  ctx: CanvasRenderingContext2D,
  r: Rect,
  lo: number,
  hi: number,
  y: (v: number) => number,
) {
  ctx.strokeStyle = COLORS.grid;
  ctx.strokeRect(r.x + 0.5, r.y + 0.5, r.w - 1, r.h - 1);
  ctx.fillStyle = COLORS.text;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of valueTicks(lo, hi, Math.max(2, Math.floor(r.h / 30)))) {
    const ty = Math.round(y(v)) + 0.5;
    line(ctx, r.x, ty, r.x + r.w, ty);
    ctx.fillText(formatValue(v), r.x - 6, ty);
  }
}

function drawSeries(
  ctx: CanvasRenderingContext2D,
  frame: Frame,
  panel: Panel,
  opts: { color: string; y: (v: number) => number; columns: number },
) {
  const { ts, values } = panel.series;
  const idx = decimate(panel.series, { ...frame.window, columns: opts.columns });
  ctx.strokeStyle = opts.color;
  ctx.fillStyle = opts.color;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    const x = timeToX(ts[i]!, frame);
    const y = opts.y(values[i]!);
    if (panel.dots) ctx.rect(x - 3.5, y - 3.5, 7, 7);
    else if (k === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  if (panel.dots) ctx.fill();
  else ctx.stroke();
  ctx.lineWidth = 1;
}

function line(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number) {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}
