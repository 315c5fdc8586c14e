import { once } from 'node:events';
import { createServer } from 'node:net';
import { AppError, parseTelemetryMessage, type TelemetrySample, telemetryTopic } from '@pdm/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSamples, runSimulation, type SimProgress } from '../src/index.js';
import { startBroker, subscribe, type TestBroker, waitFor } from './helpers/broker.js';
import { scenarioWith } from './helpers/series.js';

const scenario = scenarioWith(
  [
    { id: 'pump-a', type: 'centrifugal_pump' },
    { id: 'comp-b', type: 'air_compressor' },
  ],
  { duration: '1h', sampleInterval: '10s' },
);
const expected = [...generateSamples(scenario)];

describe('JSON telemetry through a real aedes broker', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startBroker({ requireAuth: { username: 'sim', password: 's3cret' } });
  });
  afterAll(async () => broker.close());
  const auth = { username: 'sim', password: 's3cret' };

  it.each([
    { maxBatch: 1, shape: 'single samples' },
    { maxBatch: 25, shape: 'batches' },
  ])('$shape (maxBatch $maxBatch): every sample arrives, valid, on its asset topic', async ({ maxBatch }) => {
    const sub = await subscribe(broker.url, 'pdm/v1/+/+/telemetry', auth);
    const run = runSimulation({
      scenario,
      brokerUrl: broker.url,
      speed: Number.POSITIVE_INFINITY,
      maxBatch,
      ...auth,
    });
    const summary = await run.done;
    await waitFor(() => sub.messages.length >= summary.messagesPublished, 'all messages');
    await sub.client.endAsync();
    const byAsset = new Map<string, TelemetrySample[]>();
    for (const m of sub.messages) {
      const parsed = parseTelemetryMessage(JSON.parse(m.payload.toString()));
      expect(parsed.success).toBe(true);
      if (!parsed.success) continue;
      if (maxBatch === 1) expect(Array.isArray(JSON.parse(m.payload.toString()))).toBe(false);
      else expect(parsed.data.length).toBeLessThanOrEqual(maxBatch);
      const assetId = m.topic.split('/')[3] as string;
      expect(m.topic).toBe(telemetryTopic('site-t', assetId));
      byAsset.set(assetId, [...(byAsset.get(assetId) ?? []), ...parsed.data]);
    }
    for (const assetId of ['pump-a', 'comp-b']) {
      expect(byAsset.get(assetId)).toEqual(
        expected.filter((g) => g.assetId === assetId).map((g) => g.sample),
      );
    }
    expect(summary).toMatchObject({
      samplesPublished: expected.length,
      done: true,
      stopped: false,
      simTime: scenario.start + scenario.duration,
    });
  });

  it('threads: generation on a worker thread publishes exactly the same samples', async () => {
    const sub = await subscribe(broker.url, 'pdm/v1/+/+/telemetry', auth);
    const run = runSimulation({
      scenario,
      brokerUrl: broker.url,
      speed: Number.POSITIVE_INFINITY,
      maxBatch: 40,
      threads: true,
      ...auth,
    });
    const summary = await run.done;
    await waitFor(() => sub.messages.length >= summary.messagesPublished, 'all messages');
    await sub.client.endAsync();
    const got = sub.messages.flatMap((m) => {
      const parsed = parseTelemetryMessage(JSON.parse(m.payload.toString()));
      return parsed.success ? parsed.data.map((sample) => ({ assetId: m.topic.split('/')[3], sample })) : [];
    });
    for (const assetId of ['pump-a', 'comp-b']) {
      expect(got.filter((g) => g.assetId === assetId).map((g) => g.sample)).toEqual(
        expected.filter((g) => g.assetId === assetId).map((g) => g.sample),
      );
    }
    expect(summary).toMatchObject({ samplesPublished: expected.length, done: true, stopped: false });
  });

  it('paces event time by speed: one simulated hour at 1800x takes about two seconds', async () => {
    const seen: SimProgress[] = [];
    const run = runSimulation({
      scenario,
      brokerUrl: broker.url,
      speed: 1800,
      progressEveryMs: 200,
      onProgress: (p) => seen.push(p),
      ...auth,
    });
    const summary = await run.done;
    expect(summary.wallMs).toBeGreaterThanOrEqual(1_900);
    expect(summary.wallMs).toBeLessThan(8_000);
    const middle = seen.filter((p) => !p.done);
    expect(middle.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < middle.length; i++)
      expect((middle[i] as SimProgress).simTime).toBeGreaterThanOrEqual(
        (middle[i - 1] as SimProgress).simTime,
      );
    expect(seen.at(-1)?.done).toBe(true);
  });

  it('stop() ends a live run early and says so', async () => {
    const run = runSimulation({
      scenario: { ...scenario, duration: 86_400_000 },
      brokerUrl: broker.url,
      speed: 60,
      ...auth,
    });
    await waitFor(() => run.progress().samplesPublished > 0, 'first sample');
    const summary = await run.stop();
    expect(summary.stopped).toBe(true);
    expect(summary.fraction).toBeLessThan(0.01);
  });

  it.each([
    ['a wrong password', { username: 'sim', password: 'nope' }],
    ['no credentials', {}],
  ])('refuses to start with %s: UNAVAILABLE naming the broker', async (_what, creds) => {
    const run = runSimulation({ scenario, brokerUrl: broker.url, ...creds });
    await expect(run.done).rejects.toThrow(AppError);
    await expect(run.done).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining(broker.url),
    });
  });

  it.each([
    [{ speed: 0 }, 'speed: must be a positive number'],
    [{ maxBatch: 0 }, 'maxBatch'],
    [{ brokerUrl: 'localhost:1883' }, 'brokerUrl: must be a URL'],
    [{ format: 'xml' }, 'format'],
    [{ scenario: { ...scenario, seed: -1 } }, 'invalid scenario: seed'],
  ])('rejects bad options before connecting: %j', (bad, message) => {
    const opts = { scenario, brokerUrl: broker.url, ...bad } as Parameters<typeof runSimulation>[0];
    expect(() => runSimulation(opts)).toThrow(message);
  });

  it('fails cleanly when nothing listens on the port', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const run = runSimulation({ scenario, brokerUrl: `mqtt://127.0.0.1:${port}` });
    await expect(run.done).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
