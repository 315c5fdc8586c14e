import { seededRandom } from '@pdm/shared';

export type Uniform = () => number;

/** FNV-1a over the text, mixed with the scenario seed: one independent stream per purpose. */
export function streamSeed(seed: number, ...parts: string[]): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      h ^= part.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= 0x2f;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function streamOf(seed: number, ...parts: string[]): Uniform {
  return seededRandom(streamSeed(seed, ...parts));
}

const TABLE_SIZE = 8192;

/** erf by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-a * a));
}

/** Standard normal quantiles at the midpoints of TABLE_SIZE equal-probability bins. */
const NORMAL_QUANTILES: Float64Array = (() => {
  const table = new Float64Array(TABLE_SIZE);
  for (let k = 0; k < TABLE_SIZE; k++) {
    const p = (k + 0.5) / TABLE_SIZE;
    let lo = -6;
    let hi = 6;
    for (let i = 0; i < 48; i++) {
      const mid = (lo + hi) / 2;
      if (0.5 * (1 + erf(mid / Math.SQRT2)) < p) lo = mid;
      else hi = mid;
    }
    table[k] = (lo + hi) / 2;
  }
  return table;
})();

/**
 * Standard normal draws from a uniform stream, by table lookup of the inverse CDF: cheap enough
 * for millions of readings a second; tails end near 3.8 sigma, as real sensor noise does.
 */
export function gaussianOf(uniform: Uniform): () => number {
  return () => NORMAL_QUANTILES[(uniform() * TABLE_SIZE) | 0] as number;
}

/** An exponentially distributed wait with the given mean. */
export function exponential(uniform: Uniform, mean: number): number {
  return -Math.log(1 - uniform()) * mean;
}
