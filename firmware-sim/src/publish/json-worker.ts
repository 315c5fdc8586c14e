// Worker thread: generates a scenario's samples and serialises them to JSON payloads, so the main
// thread only publishes. Answers each 'next' message with one EncodedRound, then null when done.
import { parentPort, workerData } from 'node:worker_threads';
import { generateSamples } from '../generate.js';
import type { Scenario } from '../scenarios/schema.js';
import { encodeRounds } from './encoded-rounds.js';

const { scenario, roundSize, maxBatch } = workerData as {
  scenario: Scenario;
  roundSize: number;
  maxBatch: number;
};
const rounds = encodeRounds(generateSamples(scenario), { roundSize, maxBatch });

parentPort?.on('message', () => {
  const next = rounds.next();
  parentPort?.postMessage(next.done ? null : next.value);
});
