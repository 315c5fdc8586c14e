/**
 * Energy of a window in frequency bands, from a direct DFT of the mean-removed values.
 * Bands are [low, high) as fractions of the Nyquist frequency (0..1). The total over all bands
 * covering [0, 1) equals the window's variance times n/2 (Parseval, one-sided), so band energies
 * are reported divided by that scale: each band is its share of the variance.
 * O(n * bins): meant for windows of up to a few hundred points.
 */
export function bandEnergies(
  values: ArrayLike<number>,
  bands: readonly (readonly [number, number])[],
): number[] {
  const n = values.length;
  const out = new Array<number>(bands.length).fill(0);
  if (n < 4 || bands.length === 0) return out;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] as number;
  mean /= n;
  const half = Math.floor(n / 2);
  for (let k = 1; k <= half; k++) {
    const f = k / half;
    const power = binPower(values, mean, k, n) * (k === half && n % 2 === 0 ? 1 : 2);
    for (let b = 0; b < bands.length; b++) {
      const [lo, hi] = bands[b] as readonly [number, number];
      if (f > lo && (f <= hi || (hi >= 1 && f <= 1))) out[b] = (out[b] as number) + power / (n * n);
    }
  }
  return out;
}

function binPower(values: ArrayLike<number>, mean: number, k: number, n: number): number {
  let re = 0;
  let im = 0;
  const w = (2 * Math.PI * k) / n;
  for (let i = 0; i < n; i++) {
    const v = (values[i] as number) - mean;
    re += v * Math.cos(w * i);
    im -= v * Math.sin(w * i);
  }
  return re * re + im * im;
}
