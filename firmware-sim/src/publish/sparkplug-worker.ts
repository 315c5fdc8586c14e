// Worker thread: generates a scenario's samples and encodes them as Sparkplug B DDATA payloads
// (without seq), so the main thread only adds seq, births and deaths, and publishes. Answers each
// 'next' message with one SparkplugRound (its bytes transferred, not copied), then null when done.
import { parentPort, workerData } from 'node:worker_threads';
import { generateSamples } from '../generate.js';
import type { Scenario } from '../scenarios/schema.js';
import { encodeSparkplugRounds, type SparkplugDevices } from './sparkplug-rounds.js';

const { scenario, roundSize, maxBatch, layout } = workerData as {
  scenario: Scenario;
  roundSize: number;
  maxBatch: number;
  layout: SparkplugDevices;
};
const rounds = encodeSparkplugRounds(generateSamples(scenario), { roundSize, maxBatch, layout });

parentPort?.on('message', () => {
  const next = rounds.next();
  if (next.done) parentPort?.postMessage(null);
  else parentPort?.postMessage(next.value, [next.value.bytes.buffer as ArrayBuffer]);
});
