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

/** Standard normal draws from a uniform stream (Box-Muller, both values used). */
export function gaussianOf(uniform: Uniform): () => number {
  let spare = Number.NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = Number.NaN;
      return v;
    }
    const u = 1 - uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/** An exponentially distributed wait with the given mean. */
export function exponential(uniform: Uniform, mean: number): number {
  return -Math.log(1 - uniform()) * mean;
}
