import { parseTopic, sparkplugTopic } from '@pdm/shared';
import sparkplug from 'sparkplug-payload';
import type { DetectionEngine } from '../domain/engine.js';
import { type SparkplugPayload, SparkplugTracker } from '../domain/sparkplug-tracker.js';

const codec = sparkplug.get('spBv1.0');

export type RebirthSender = (topic: string, payload: Uint8Array) => void;

/** Decodes Sparkplug B messages and applies the tracker's verdicts to the engine. */
export class SparkplugIngest {
  private readonly tracker: SparkplugTracker;
  rebirthsRequested = 0;

  constructor(
    private readonly engine: DetectionEngine,
    private readonly sendRebirth: RebirthSender,
    sites: Readonly<Record<string, string>> = {},
  ) {
    this.tracker = new SparkplugTracker(sites);
  }

  ingest(topic: string, payload: Buffer): void {
    this.engine.counters.messages++;
    const parsed = parseTopic(topic);
    if (!parsed.ok || parsed.topic.kind !== 'sparkplug') {
      this.engine.reject('bad_topic', { topic, detail: parsed.ok ? 'not a sparkplug topic' : parsed.reason });
      return;
    }
    let decoded: SparkplugPayload;
    try {
      decoded = (codec as NonNullable<typeof codec>).decodePayload(payload) as SparkplugPayload;
    } catch (err) {
      this.engine.reject('invalid_sparkplug', { topic, detail: (err as Error).message, payload });
      return;
    }
    for (const action of this.tracker.handle(parsed.topic, decoded)) {
      switch (action.kind) {
        case 'samples':
          this.engine.ingestSamples(action.asset, action.samples, topic);
          break;
        case 'stale':
          this.engine.setStale(action.asset, true, action.reason);
          break;
        case 'fresh':
          this.engine.setStale(action.asset, false, '');
          break;
        case 'bad':
          this.engine.reject(action.reason, { topic, detail: action.detail });
          break;
        case 'rebirth':
          this.requestRebirth(action.groupId, action.nodeId);
          break;
      }
    }
  }

  private requestRebirth(groupId: string, nodeId: string): void {
    this.rebirthsRequested++;
    const body = (codec as NonNullable<typeof codec>).encodePayload({
      timestamp: Date.now(),
      metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }],
    });
    this.sendRebirth(sparkplugTopic({ groupId, type: 'NCMD', nodeId }), body);
  }
}
