import mqtt from 'mqtt';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { RollupPipeline } from '../src/agent-parts.js';
import { EdgeStore } from '../src/io/edge-store.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../src/io/embedded-broker.js';
import { type Backpressure, TelemetrySource } from '../src/io/telemetry-source.js';
import { BASE, config, engineWith } from './helpers/engine.js';
import { waitFor } from './helpers/wait.js';

/** A queue that is congested until released, recording every wait. */
class ManualQueue implements Backpressure {
  congested = true;
  private waiting: (() => void)[] = [];
  waits = 0;
  whenDrained(resume: () => void): void {
    this.waits++;
    this.waiting.push(resume);
  }
  release(): void {
    this.congested = false;
    for (const resume of this.waiting.splice(0)) resume();
  }
}

describe('telemetry backpressure (real aedes broker, real mqtt.js)', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup.length = 0;
  });

  async function setup(queue: Backpressure | undefined) {
    const broker: EmbeddedBroker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    cleanup.push(() => broker.close());
    const { engine } = engineWith();
    const source = new TelemetrySource(
      {
        url: broker.url,
        clientId: 'edge-bp',
        keepaliveSeconds: 30,
        qos: 1,
        cleanSession: true,
        sparkplug: false,
        sparkplugSites: {},
      },
      { engine, logger: pino({ level: 'silent' }), ...(queue ? { backpressure: queue } : {}) },
    );
    await source.start();
    cleanup.push(() => source.stop());
    const device = await mqtt.connectAsync(broker.url, { clientId: 'device' });
    cleanup.push(() => device.endAsync(true));
    const publish = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const payload = JSON.stringify({ ts: BASE + i * 1000, readings: { temp: 20 + i } });
        await device.publishAsync('pdm/v1/site-a/pump-1/telemetry', payload, { qos: 1 });
      }
    };
    return { engine, source, publish };
  }

  it('takes no further message while the queue behind the engine is congested, then all of them', async () => {
    const queue = new ManualQueue();
    const { engine, source, publish } = await setup(queue);
    await publish(5);
    await waitFor(() => engine.counters.messages >= 1, 'the first message');
    await new Promise((r) => setTimeout(r, 300));
    // The message in hand is processed; the next waits on the broker's side of the socket.
    expect(engine.counters.messages).toBe(1);
    expect(source.pauses).toBe(1);
    expect(queue.waits).toBe(1);

    queue.release();
    await waitFor(() => engine.counters.messages === 5, 'the rest after the queue drained');
    expect(engine.counters.readingsAccepted).toBe(5);
    expect(source.pauses).toBe(1);
  });

  it('without a congested queue every message flows', async () => {
    const queue = new ManualQueue();
    queue.congested = false;
    const { engine, source, publish } = await setup(queue);
    await publish(5);
    await waitFor(() => engine.counters.messages === 5, 'all messages');
    expect(source.pauses).toBe(0);
  });
});

describe('rollup pipeline as a bounded queue (real SQLite)', () => {
  it('is congested above its bound, resumes waiters once written, and stores every rollup', async () => {
    const cfg = config();
    const store = new EdgeStore(':memory:', cfg.storage);
    const rollups = new RollupPipeline(store, pino({ level: 'silent' }));
    try {
      for (let i = 0; i < 12_000; i++) {
        rollups.add({
          siteId: 'site-a',
          assetId: `pump-${i % 100}`,
          sensor: `s${Math.floor(i / 100) % 10}`,
          minute: BASE + Math.floor(i / 1000) * 60_000,
          min: 1,
          mean: 2,
          max: 3,
          count: 6,
        });
      }
      expect(rollups.congested).toBe(true);
      const resumed = new Promise<number>((resolve) => rollups.whenDrained(() => resolve(rollups.buffered)));
      expect(await resumed).toBeLessThan(2_000);
      await waitFor(() => rollups.buffered === 0, 'the rest to be written');
      expect(rollups.congested).toBe(false);
      expect(rollups.droppedInBuffer).toBe(0);
      let stored = 0;
      for (let a = 0; a < 100; a++)
        for (let s = 0; s < 10; s++) stored += store.rollupsOf('site-a', `pump-${a}`, `s${s}`).length;
      expect(stored).toBe(12_000);
    } finally {
      await rollups.stop();
      store.close();
    }
  });
});
