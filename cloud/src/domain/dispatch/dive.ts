import type { Model } from 'highs';
import type { Candidate, Prepared } from './candidates.js';

const MODEL_STATUS_OPTIMAL = 7;

export interface DiveInput {
  model: Model;
  prepared: Prepared;
  /** Candidate index of each model column from `candidateCol0` on. */
  columnOf: readonly number[];
  candidateCol0: number;
  /** Stop after this much solver time (seconds, HiGHS clock). */
  until: number;
}

interface Fractional {
  order: number;
  col: number;
  value: number;
  tech: number;
}

/** Orders the LP still splits, each with its strongest column; null once every order is integral. */
function fractional(input: DiveInput, x: ArrayLike<number>, banned: Set<number>): Fractional[] {
  const best = new Map<number, Fractional>();
  const mass = new Map<number, number>();
  input.columnOf.forEach((c, j) => {
    const col = input.candidateCol0 + j;
    const v = x[col] ?? 0;
    if (v <= 1e-6 || banned.has(col)) return;
    const cand = input.prepared.candidates[c] as Candidate;
    mass.set(cand.order, (mass.get(cand.order) ?? 0) + v);
    const seen = best.get(cand.order);
    if (!seen || v > seen.value) best.set(cand.order, { order: cand.order, col, value: v, tech: cand.tech });
  });
  return [...best.values()].filter((f) => f.value < 1 - 1e-6).sort((a, b) => b.value - a.value);
}

function batchOf(list: readonly Fractional[]): Fractional[] {
  const size = Math.max(1, Math.ceil(list.length / 4));
  const techs = new Set<number>();
  const out: Fractional[] = [];
  for (const f of list) {
    if (out.length >= size) break;
    if (techs.has(f.tech)) continue;
    techs.add(f.tech);
    out.push(f);
  }
  return out;
}

/**
 * LP diving on the column-generation model: fix the strongest fractional assignments (a quarter of
 * them at a time, one per technician) and every assignment already integral, re-solve from the warm
 * basis, halve the batch when that turns infeasible. When time runs out the integral part is
 * returned, for the heuristic to complete.
 */
export function dive(input: DiveInput): Int32Array | null {
  const { model } = input;
  const banned = new Set<number>();
  let size = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 400 && model.getRunTime() < input.until; round++) {
    const x = model.getSolution().colValue;
    const open = fractional(input, x, banned);
    if (open.length === 0) return choiceOf(input, x);
    const batch = batchOf(open).slice(0, size);
    const settled = integralColumns(input, x);
    for (const col of settled) model.changeColBounds(col, 1, 1);
    for (const f of batch) model.changeColBounds(f.col, 1, 1);
    model.run();
    if (model.getModelStatus() === MODEL_STATUS_OPTIMAL) {
      size = Number.POSITIVE_INFINITY;
      continue;
    }
    for (const f of batch) model.changeColBounds(f.col, 0, batch.length === 1 ? 0 : 1);
    if (batch.length === 1) banned.add((batch[0] as Fractional).col);
    size = Math.max(1, Math.floor(batch.length / 2));
    model.run();
    if (model.getModelStatus() !== MODEL_STATUS_OPTIMAL) return null;
    if (model.getRunTime() >= input.until) break;
  }
  return choiceOf(input, model.getSolution().colValue);
}

function integralColumns(input: DiveInput, x: ArrayLike<number>): number[] {
  const out: number[] = [];
  input.columnOf.forEach((_, j) => {
    const col = input.candidateCol0 + j;
    if ((x[col] ?? 0) > 1 - 1e-6) out.push(col);
  });
  return out;
}

function choiceOf(input: DiveInput, x: ArrayLike<number>): Int32Array {
  const choice = new Int32Array(input.prepared.orders.length).fill(-1);
  input.columnOf.forEach((c, j) => {
    if ((x[input.candidateCol0 + j] ?? 0) > 1 - 1e-6)
      choice[(input.prepared.candidates[c] as Candidate).order] = c;
  });
  return choice;
}
