// Bad telemetry the edge must count and quarantine without crashing or alerting. Values that
// would cross the alert threshold (temp > 100) are used wherever the payload carries a value.
import { MAX_SAMPLES_PER_BATCH } from '@pdm/shared';

export interface BadCase {
  name: string;
  /** Asset id in the topic (each case its own asset, so no state leaks between them). */
  asset: string;
  payload: (ts: number) => string | Buffer;
  /** Expected reason; `a|b` when either is right. */
  reason: string;
}

const sample = (ts: number, readings: string) => `{"ts":${ts},"readings":${readings}}`;
const DAY = 86_400_000;

export const BAD_TELEMETRY: readonly BadCase[] = [
  { name: 'not JSON', asset: 'bad-text', payload: () => 'temp=150', reason: 'invalid_json' },
  {
    name: 'truncated JSON',
    asset: 'bad-trunc',
    payload: (ts) => sample(ts, '{"temp":15').slice(0, -1),
    reason: 'invalid_json',
  },
  {
    name: 'NaN literal',
    asset: 'bad-nan',
    payload: (ts) => sample(ts, '{"temp":NaN}'),
    reason: 'invalid_json',
  },
  {
    name: 'NaN as string',
    asset: 'bad-nan-str',
    payload: (ts) => sample(ts, '{"temp":"NaN"}'),
    reason: 'invalid_schema',
  },
  {
    name: 'Infinity (1e400)',
    asset: 'bad-inf',
    payload: (ts) => sample(ts, '{"temp":1e400}'),
    reason: 'invalid_schema',
  },
  {
    name: '-Infinity',
    asset: 'bad-ninf',
    payload: (ts) => sample(ts, '{"temp":-1e400}'),
    reason: 'invalid_schema',
  },
  {
    name: 'binary',
    asset: 'bad-bin',
    payload: () => Buffer.from([0xff, 0x00, 0xfe, 0x80, 0x7b]),
    reason: 'invalid_json',
  },
  {
    name: 'oversized (1.2 MB)',
    asset: 'bad-big',
    payload: (ts) => sample(ts, `{"temp":150,"pad":${'1'.repeat(1_200_000)}}`),
    reason: 'too_large',
  },
  {
    name: 'deep arrays (50k)',
    asset: 'bad-deep',
    payload: () => `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
    reason: 'invalid_json|invalid_schema',
  },
  {
    name: 'deep object in readings',
    asset: 'bad-deep-obj',
    payload: (ts) => sample(ts, `${'{"temp":'.repeat(5_000)}150${'}'.repeat(5_000)}`),
    reason: 'invalid_schema',
  },
  {
    name: 'future-dated by a day',
    asset: 'bad-future',
    payload: (ts) => sample(ts + DAY, '{"temp":150}'),
    reason: 'future_timestamp',
  },
  {
    name: 'timestamp as text',
    asset: 'bad-ts-text',
    payload: () => '{"ts":"yesterday","readings":{"temp":150}}',
    reason: 'invalid_schema',
  },
  {
    name: 'timestamp 0',
    asset: 'bad-ts-zero',
    payload: () => sample(0, '{"temp":150}'),
    reason: 'invalid_schema',
  },
  {
    name: 'out of range (9999)',
    asset: 'bad-range',
    payload: (ts) => sample(ts, '{"temp":9999}'),
    reason: 'out_of_range',
  },
  { name: 'empty readings', asset: 'bad-empty', payload: (ts) => sample(ts, '{}'), reason: 'invalid_schema' },
  {
    name: '__proto__ reading',
    asset: 'bad-proto',
    payload: (ts) => sample(ts, '{"__proto__":150}'),
    reason: 'invalid_schema',
  },
  {
    name: 'extra field',
    asset: 'bad-extra',
    payload: (ts) => `{"ts":${ts},"readings":{"temp":150},"admin":true}`,
    reason: 'invalid_schema',
  },
  {
    name: 'bad sensor id',
    asset: 'bad-sensor',
    payload: (ts) => sample(ts, '{"te mp":150}'),
    reason: 'invalid_schema',
  },
  {
    name: `batch over ${MAX_SAMPLES_PER_BATCH}`,
    asset: 'bad-batch',
    payload: (ts) =>
      `[${Array.from({ length: MAX_SAMPLES_PER_BATCH + 1 }, (_, i) => sample(ts + i, '{"temp":150}')).join(',')}]`,
    reason: 'invalid_schema',
  },
  { name: 'JSON null', asset: 'bad-null', payload: () => 'null', reason: 'invalid_schema' },
];
