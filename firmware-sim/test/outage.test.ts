import { parseTelemetryMessage } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import { runSimulation, type WireFormat } from '../src/index.js';
import { decodeSparkplug } from '../src/publish/sparkplug.js';
import { startBroker, subscribe, waitFor } from './helpers/broker.js';
import { scenarioWith } from './helpers/series.js';

const scenario = scenarioWith([{ id: 'pump-a', type: 'centrifugal_pump' }], {
  duration: '12h',
  sampleInterval: '10s',
});

describe('broker outage in the middle of a run', () => {
  it.each<WireFormat>(['json', 'sparkplug'])(
    '%s: the run survives, waits, and resumes on the restarted broker',
    async (format) => {
      const first = await startBroker();
      const port = Number(new URL(first.url).port);
      const run = runSimulation({ scenario, brokerUrl: first.url, format, speed: 6_000 });
      await waitFor(() => run.progress().samplesPublished > 20, 'first samples');
      await first.close();
      const pausedAt = run.progress().samplesPublished;

      const second = await startBroker({ port });
      const sub = await subscribe(second.url, '#');
      await waitFor(() => sub.messages.length > 10, 'messages on the restarted broker', 15_000);
      const summary = await run.stop();
      await sub.client.endAsync();
      await second.close();

      expect(summary.samplesPublished).toBeGreaterThan(pausedAt);
      if (format === 'json') {
        const seqs = sub.messages.flatMap((m) => {
          const parsed = parseTelemetryMessage(JSON.parse(m.payload.toString()));
          return parsed.success ? parsed.data.map((s) => s.seq as number) : [];
        });
        // Resumes right after what it sent before the outage: only the QoS 0 messages on the wire
        // when the connection dropped are lost, nothing is skipped while the broker is away.
        expect(Math.min(...seqs)).toBeGreaterThanOrEqual(pausedAt - 1);
        expect(Math.min(...seqs)).toBeLessThanOrEqual(pausedAt + 20);
      } else {
        const birth = sub.messages.find((m) => m.topic === 'spBv1.0/site-t/NBIRTH/site-t-gw');
        expect(birth).toBeDefined();
        const bdSeq = decodeSparkplug(birth?.payload as Buffer).metrics?.find(
          (m) => m.name === 'bdSeq',
        )?.value;
        expect(Number(bdSeq)).toBeGreaterThanOrEqual(1);
        expect(sub.messages.some((m) => m.topic === 'spBv1.0/site-t/DBIRTH/site-t-gw/pump-a')).toBe(true);
      }
    },
  );
});
