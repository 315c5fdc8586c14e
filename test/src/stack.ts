// Composition root of the whole loop on one machine: embedded broker, cloud, edge agent and
// simulator, wired with per-role broker credentials. Used by `pnpm demo` and the end-to-end tests.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CloudService, loadCloudConfig, startCloud } from '@pdm/cloud';
import {
  type EdgeAgent,
  type EmbeddedBroker,
  parseEdgeConfig,
  startAgent,
  startEmbeddedBroker,
} from '@pdm/edge';
import { loadScenario, runSimulation, type SimulationRun } from '@pdm/firmware-sim';
import { TOPIC_FILTERS } from '@pdm/shared';

export interface StackOptions {
  /** Folder for the cloud database and the edge outbox; omitted: in memory, gone at stop. */
  dataDir?: string;
  httpPort?: number;
  brokerPort?: number;
  scenario?: string;
  /** Simulated ms per wall ms; the scenario's own speed when omitted. */
  speed?: number;
  adminPassword: string;
  logLevel?: 'silent' | 'error' | 'warn' | 'info';
  /** Runs once everything but the simulator is up (e.g. to subscribe before the first sample). */
  beforeSimulation?: (ready: {
    brokerUrl: string;
    login: { username: string; password: string };
  }) => Promise<void>;
}

export interface Stack {
  broker: EmbeddedBroker;
  cloud: CloudService;
  edge: EdgeAgent;
  sim: SimulationRun;
  /** Credentials of a client allowed to publish telemetry and alerts (for tests). */
  deviceLogin: { username: string; password: string };
  stop(): Promise<void>;
}

/** The demo gateway's rules: a bearing whose vibration stays above ISO 10816 zone C for 10 minutes. */
export const DEMO_RULES = [
  {
    id: 'vib-sustained',
    kind: 'sustained',
    sensor: 'vib_rms',
    above: 7.1,
    for: '10m',
    clearBelow: 6.5,
    failureMode: 'bearing_wear',
    severity: 'major',
    escalate: [{ at: 11, severity: 'critical' }],
    message: 'vibration velocity above 7.1 mm/s (ISO 10816 zone C/D) for 10 minutes',
  },
] as const;

export async function startStack(opts: StackOptions): Promise<Stack> {
  const secret = () => randomBytes(18).toString('base64url');
  const login = { sim: secret(), edge: secret(), cloud: secret(), tester: secret() };
  const logLevel = opts.logLevel ?? 'warn';
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    const broker = await startEmbeddedBroker({
      host: '127.0.0.1',
      port: opts.brokerPort ?? 0,
      users: [
        { username: 'sim', password: login.sim, publish: [TOPIC_FILTERS.telemetry, TOPIC_FILTERS.sparkplug] },
        {
          username: 'edge',
          password: login.edge,
          subscribe: [TOPIC_FILTERS.telemetry, TOPIC_FILTERS.sparkplug, TOPIC_FILTERS.receipts],
          publish: [TOPIC_FILTERS.alerts, TOPIC_FILTERS.gatewayStatus, TOPIC_FILTERS.sparkplug],
        },
        {
          username: 'cloud',
          password: login.cloud,
          subscribe: [TOPIC_FILTERS.alerts, TOPIC_FILTERS.gatewayStatus, '$share/+/pdm/v1/#'],
          publish: [TOPIC_FILTERS.receipts],
        },
        {
          username: 'tester',
          password: login.tester,
          publish: [TOPIC_FILTERS.telemetry, TOPIC_FILTERS.alerts],
          subscribe: [TOPIC_FILTERS.alerts],
        },
      ],
    });
    stops.push(() => broker.close());

    const cloud = await startCloud(
      loadCloudConfig(process.env, {
        dataDir: opts.dataDir ? join(opts.dataDir, 'cloud') : '.pdm-data/cloud',
        ...(opts.dataDir ? {} : { databaseUrl: ':memory:' }),
        port: opts.httpPort ?? 0,
        mqtt: { url: broker.url, username: 'cloud', password: login.cloud },
        bootstrap: { adminPassword: opts.adminPassword, gatewayKeys: [] },
        logLevel,
      }),
    );
    stops.push(() => cloud.stop());

    const edge = await startAgent(
      parseEdgeConfig({
        gatewayId: 'gw-plant-1',
        source: { url: broker.url, username: 'edge', password: login.edge },
        uplink: { url: broker.url, username: 'edge', password: login.edge },
        storage: opts.dataDir ? { dataDir: join(opts.dataDir, 'edge') } : { outboxPath: ':memory:' },
        sensors: { vib_rms: { min: 0, max: 100, unit: 'mm/s' } },
        rules: DEMO_RULES,
        logLevel,
      }),
    );
    stops.push(() => edge.stop());

    const deviceLogin = { username: 'tester', password: login.tester };
    await opts.beforeSimulation?.({ brokerUrl: broker.url, login: deviceLogin });
    const scenario = loadScenario(opts.scenario ?? 'quick-demo');
    const sim = runSimulation({
      scenario,
      brokerUrl: broker.url,
      username: 'sim',
      password: login.sim,
      ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
    });
    stops.push(() => sim.stop());

    return {
      broker,
      cloud,
      edge,
      sim,
      deviceLogin: { username: 'tester', password: login.tester },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Log in to the cloud API and return a bearer token. */
export async function loginToken(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
