import { z } from 'zod';

/** Site, asset, gateway, sensor and failure-mode ids: safe in MQTT topics, URLs and file names. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const IdSchema = z.string().regex(ID_PATTERN, 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -');
export type Id = z.infer<typeof IdSchema>;

/** Crockford base32 ULID: 48-bit millisecond time + 80 random bits, 26 characters. */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const UlidSchema = z.string().regex(ULID_PATTERN, 'must be a 26-character ULID');

const ENCODING = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAX_TIME = 2 ** 48 - 1;

/** Returns a random integer in [0, 32). */
export type RandomSource = () => number;

export type UlidFactory = (timeMs: number) => string;

/**
 * A monotonic ULID factory: ids minted in the same millisecond (or with a clock that went back)
 * still sort in creation order. Randomness is injected so tests and replays can be deterministic.
 */
export function createUlidFactory(random: () => number): UlidFactory {
  let lastTime = -1;
  let lastRandom: number[] = [];
  return (timeMs: number) => {
    if (!Number.isInteger(timeMs) || timeMs < 0 || timeMs > MAX_TIME) {
      throw new RangeError(`ULID time must be an integer in [0, 2^48), got ${timeMs}`);
    }
    if (timeMs <= lastTime) {
      lastRandom = increment(lastRandom);
    } else {
      lastTime = timeMs;
      lastRandom = Array.from({ length: 16 }, () => Math.floor(random() * 32) & 31);
    }
    return encodeTime(lastTime) + lastRandom.map((d) => ENCODING[d]).join('');
  };
}

function encodeTime(timeMs: number): string {
  let t = timeMs;
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ENCODING[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function increment(digits: number[]): number[] {
  const next = digits.slice();
  for (let i = next.length - 1; i >= 0; i--) {
    const d = next[i] ?? 0;
    if (d < 31) {
      next[i] = d + 1;
      return next;
    }
    next[i] = 0;
  }
  throw new RangeError('ULID random part overflowed within one millisecond');
}

/** The millisecond timestamp encoded in a ULID. */
export function ulidTime(id: string): number {
  let t = 0;
  for (const ch of id.slice(0, 10)) t = t * 32 + ENCODING.indexOf(ch);
  return t;
}

/** Mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
