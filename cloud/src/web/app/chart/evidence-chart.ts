/// <reference lib="dom" />
import { h } from '../view.js';
import { lowerBound, toSeries } from './decimate.js';
import { drawChart, type Frame, type Overlays, type Panel, xToTime } from './draw.js';
import { clampWindow, formatValue, pan, type TimeWindow, zoom } from './scale.js';

export interface ChartInput {
  /** Read by screen readers in place of the picture. */
  label: string;
  panels: {
    name: string;
    points: readonly (readonly [number, number])[];
    threshold?: number;
    dots?: boolean;
  }[];
  overlays: Overlays;
  /** Height per panel in CSS pixels. */
  panelHeight?: number;
}

export interface Chart {
  el: HTMLElement;
  /** Milliseconds taken by the last draw. */
  lastDrawMs(): number;
  setWindow(win: TimeWindow): void;
  /** The visible time range. */
  visible(): TimeWindow;
  destroy(): void;
}

/**
 * A canvas chart of sensor series on a shared time axis with the threshold, the predicted-failure
 * band and the due date. Wheel or +/- zooms, drag or arrow keys pan, double-click or 0 resets.
 */
export function evidenceChart(input: ChartInput): Chart {
  const panels: Panel[] = input.panels.map((p) => ({ ...p, series: toSeries(p.points) }));
  const bounds = boundsOf(panels, input.overlays);
  const canvas = h('canvas', { role: 'img', tabindex: 0, 'aria-label': input.label, class: 'chart-canvas' });
  const readout = h('p', { class: 'chart-readout' }, 'Hover or focus the chart to read values.');
  const el = h(
    'figure',
    { class: 'chart' },
    canvas,
    h(
      'figcaption',
      {},
      readout,
      h('small', {}, 'Zoom: wheel or + / −. Pan: drag or ← →. Reset: double-click or 0.'),
    ),
  );
  canvas.style.width = '100%';
  canvas.style.display = 'block';
  const state = { window: { ...bounds }, hoverX: null as number | null, drawMs: 0, queued: false };
  const height = (input.panelHeight ?? 130) * Math.max(1, panels.length) + 60;

  const frame = (): Frame => ({
    width: canvas.clientWidth || 600,
    height,
    window: state.window,
    hoverX: state.hoverX,
  });
  const draw = () => {
    state.queued = false;
    const f = frame();
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(f.width * ratio)) canvas.width = Math.round(f.width * ratio);
    if (canvas.height !== Math.round(f.height * ratio)) canvas.height = Math.round(f.height * ratio);
    canvas.style.height = `${f.height}px`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const started = performance.now();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawChart(ctx, f, panels, input.overlays);
    state.drawMs = performance.now() - started;
  };
  const schedule = () => {
    if (state.queued) return;
    state.queued = true;
    requestAnimationFrame(draw);
  };
  const setWindow = (win: TimeWindow) => {
    state.window = clampWindow(win, bounds);
    schedule();
  };
  const showAt = (x: number | null) => {
    state.hoverX = x;
    readout.textContent = x === null ? '' : describeAt(panels, xToTime(x, frame()));
    schedule();
  };
  bindPointer(canvas, { frame, setWindow, showAt, reset: () => setWindow(bounds) });
  bindKeys(canvas, { frame, setWindow, showAt, reset: () => setWindow(bounds) });
  const resize = new ResizeObserver(schedule);
  resize.observe(canvas);
  schedule();
  return {
    el,
    lastDrawMs: () => state.drawMs,
    setWindow,
    visible: () => ({ ...state.window }),
    destroy: () => resize.disconnect(),
  };
}

interface Controls {
  frame: () => Frame;
  setWindow: (w: TimeWindow) => void;
  showAt: (x: number | null) => void;
  reset: () => void;
}

function bindPointer(canvas: HTMLCanvasElement, c: Controls) {
  let dragFrom: { x: number; window: TimeWindow } | null = null;
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const f = c.frame();
    c.setWindow(zoom(f.window, xToTime(e.offsetX, f), e.deltaY > 0 ? 1.25 : 0.8));
  });
  canvas.addEventListener('pointerdown', (e) => {
    dragFrom = { x: e.offsetX, window: c.frame().window };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (dragFrom) {
      const f = c.frame();
      const span = f.window.to - f.window.from;
      const dt = ((e.offsetX - dragFrom.x) / Math.max(1, f.width - 68)) * span;
      c.setWindow({ from: dragFrom.window.from - dt, to: dragFrom.window.to - dt });
    }
    c.showAt(e.offsetX);
  });
  canvas.addEventListener('pointerup', () => {
    dragFrom = null;
  });
  canvas.addEventListener('pointerleave', () => c.showAt(null));
  canvas.addEventListener('dblclick', c.reset);
}

function bindKeys(canvas: HTMLCanvasElement, c: Controls) {
  canvas.addEventListener('keydown', (e) => {
    const f = c.frame();
    const mid = (f.window.from + f.window.to) / 2;
    const actions: Record<string, () => void> = {
      '+': () => c.setWindow(zoom(f.window, mid, 0.8)),
      '=': () => c.setWindow(zoom(f.window, mid, 0.8)),
      '-': () => c.setWindow(zoom(f.window, mid, 1.25)),
      ArrowLeft: () => c.setWindow(pan(f.window, -0.1)),
      ArrowRight: () => c.setWindow(pan(f.window, 0.1)),
      '0': c.reset,
      Home: c.reset,
    };
    const action = actions[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  });
  canvas.addEventListener('focus', () => c.showAt(c.frame().width / 2));
  canvas.addEventListener('blur', () => c.showAt(null));
}

/** The time and each panel's nearest value at time t, as text. */
function describeAt(panels: Panel[], t: number): string {
  const parts = panels.map((p) => {
    const i = Math.min(p.series.ts.length - 1, lowerBound(p.series.ts, t));
    return i < 0 ? `${p.name}: –` : `${p.name}: ${formatValue(p.series.values[i]!)}`;
  });
  return `${new Date(t).toLocaleString()} · ${parts.join(' · ')}`;
}

/** The time range covering every series and overlay. */
function boundsOf(panels: Panel[], o: Overlays): TimeWindow {
  const times: number[] = [];
  for (const p of panels) {
    if (p.series.ts.length === 0) continue;
    times.push(p.series.ts[0]!, p.series.ts[p.series.ts.length - 1]!);
  }
  if (o.band) times.push(o.band.p10, o.band.p90);
  if (o.due) times.push(o.due);
  for (const m of o.markers) times.push(m.at);
  if (times.length === 0) return { from: 0, to: 1 };
  const from = Math.min(...times);
  const to = Math.max(...times);
  const pad = (to - from) * 0.03 || 60_000;
  return { from: from - pad, to: to + pad };
}
