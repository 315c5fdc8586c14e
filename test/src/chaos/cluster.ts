// Broker(s), cloud and edge as separate processes on loopback. Devices publish to the site broker
// (the embedded aedes broker in its own process); the edge sends alerts over the uplink broker
// (a second embedded broker or Mosquitto), optionally through a fault-injecting TCP proxy.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdgeConfigInput } from '@pdm/edge';
import { chaosEdgeConfig, GATEWAY_ID } from './edge-config.js';
import { startMosquitto } from './mosquitto.js';
import { freePort, until } from './ports.js';
import { type ManagedProcess, ProcessGroup } from './process.js';
import { TcpProxy } from './proxy.js';
import { type BrokerUser, makeBrokerUsers } from './users.js';

export interface ClusterOptions {
  uplinkBroker?: 'embedded' | 'mosquitto';
  /** Put a TcpProxy between the edge's uplink and its broker. */
  proxyUplink?: boolean;
  keepaliveSeconds?: number;
  edgeExtra?: Partial<EdgeConfigInput>;
  cloudEnv?: Record<string, string>;
  /** Leave the edge (or cloud) for the test to start. */
  startEdge?: boolean;
}

export interface Ports {
  site: number;
  uplink: number;
  cloud: number;
  metrics: number;
}

export class Cluster {
  readonly group = new ProcessGroup();
  readonly dir = mkdtempSync(join(tmpdir(), 'pdm-chaos-'));
  readonly users = makeBrokerUsers();
  readonly adminPassword = randomBytes(12).toString('base64url');
  readonly gatewayKey = randomBytes(24).toString('base64url');
  site!: ManagedProcess;
  uplink!: ManagedProcess;
  cloud!: ManagedProcess;
  edge: ManagedProcess | undefined;
  proxy: TcpProxy | undefined;

  constructor(
    readonly ports: Ports,
    readonly options: ClusterOptions,
  ) {}

  get siteUrl(): string {
    return `mqtt://127.0.0.1:${this.ports.site}`;
  }
  get uplinkUrl(): string {
    return `mqtt://127.0.0.1:${this.ports.uplink}`;
  }
  get cloudUrl(): string {
    return `http://127.0.0.1:${this.ports.cloud}`;
  }
  get metricsUrl(): string {
    return `http://127.0.0.1:${this.ports.metrics}`;
  }
  get outboxPath(): string {
    return join(this.dir, 'edge', 'edge.db');
  }
  get cloudDbPath(): string {
    return join(this.dir, 'cloud', 'cloud.db');
  }

  async startSiteBroker(): Promise<void> {
    this.site = await startEmbedded(this.group, 'site-broker', this.ports.site, Object.values(this.users));
  }

  async startUplinkBroker(): Promise<void> {
    const users = [this.users.edge, this.users.cloud, this.users.tester];
    if (this.options.uplinkBroker === 'mosquitto') {
      const dir = join(this.dir, 'mosquitto');
      mkdirSync(dir, { recursive: true });
      this.uplink = await startMosquitto(this.group, {
        dir,
        port: this.ports.uplink,
        users,
        persistence: true,
      });
    } else {
      this.uplink = await startEmbedded(this.group, 'uplink-broker', this.ports.uplink, users);
    }
  }

  /** Start the cloud; `another` starts a further instance on the same database (own port and id). */
  async startCloud(another?: { port: number; name: string }): Promise<ManagedProcess> {
    const port = another?.port ?? this.ports.cloud;
    const cloud = this.group.start({
      name: another?.name ?? 'cloud',
      script: 'cloud/src/main.ts',
      env: {
        PDM_CLOUD_PORT: String(port),
        PDM_CLOUD_DATA_DIR: join(this.dir, 'cloud'),
        PDM_CLOUD_MQTT_URL: this.uplinkUrl,
        PDM_CLOUD_MQTT_USERNAME: this.users.cloud.username,
        PDM_CLOUD_MQTT_PASSWORD: this.users.cloud.password,
        PDM_CLOUD_MQTT_CLIENT_ID: another ? `pdm-cloud-${another.name}` : 'pdm-cloud-chaos',
        PDM_CLOUD_ADMIN_PASSWORD: this.adminPassword,
        PDM_CLOUD_GATEWAY_KEYS: `${GATEWAY_ID}:${this.gatewayKey}`,
        PDM_CLOUD_RATE_LIMIT: '100000',
        PDM_CLOUD_LOG_LEVEL: 'warn',
        ...this.options.cloudEnv,
      },
    });
    if (!another) this.cloud = cloud;
    const url = `http://127.0.0.1:${port}/api/v1/health`;
    await until(`${cloud.spec.name} to answer /health`, () => healthy(url, cloud), 60_000);
    return cloud;
  }

  /** Start (or restart) the edge with the same data directory; resolves once both links are up. */
  async startEdge(
    extra: Partial<EdgeConfigInput> = {},
    run: { wrap?: string[]; clockSkewMs?: number } = {},
  ): Promise<ManagedProcess> {
    const config = chaosEdgeConfig({
      dataDir: join(this.dir, 'edge'),
      sourceUrl: this.siteUrl,
      uplinkUrl: this.proxy ? this.proxy.url : this.uplinkUrl,
      login: { source: loginOf(this.users.edge), uplink: loginOf(this.users.edge) },
      metricsPort: this.ports.metrics,
      ...(this.options.keepaliveSeconds ? { keepaliveSeconds: this.options.keepaliveSeconds } : {}),
      extra: { ...this.options.edgeExtra, ...extra },
    });
    const file = join(this.dir, 'edge.json');
    writeFileSync(file, JSON.stringify(config, null, 2));
    const edge = this.group.start({
      name: 'edge',
      script: 'edge/src/main.ts',
      args: ['--config', file],
      ...(run.wrap ? { wrap: run.wrap } : {}),
      ...(run.clockSkewMs
        ? {
            imports: ['./test/src/chaos/skewed-clock.ts'],
            env: { PDM_CHAOS_CLOCK_SKEW_MS: String(run.clockSkewMs) },
          }
        : {}),
    });
    this.edge = edge;
    await until(
      'the edge to answer /healthz',
      () => healthy(`${this.metricsUrl}/healthz`, edge, true),
      60_000,
    );
    return edge;
  }

  /** The tail of every process's output, for a failure message. */
  logs(): string {
    return this.group
      .list()
      .map((p) => `--- ${p.spec.name} (pid ${p.pid}, exit ${p.exitCode})\n${p.output().slice(-4_000)}`)
      .join('\n');
  }

  async stop(): Promise<void> {
    if (process.env.PDM_CHAOS_LOGS === '1') console.log(this.logs());
    await this.group.stopAll();
    await this.proxy?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Pick ports, start site broker, uplink broker, (proxy), cloud and edge. */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const ports = {
    site: await freePort(),
    uplink: await freePort(),
    cloud: await freePort(),
    metrics: await freePort(),
  };
  const cluster = new Cluster(ports, options);
  try {
    await Promise.all([cluster.startSiteBroker(), cluster.startUplinkBroker()]);
    if (options.proxyUplink) {
      cluster.proxy = new TcpProxy({ port: ports.uplink });
      await cluster.proxy.listen();
    }
    await cluster.startCloud();
    if (options.startEdge !== false) await cluster.startEdge();
    return cluster;
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

export async function startEmbedded(
  group: ProcessGroup,
  name: string,
  port: number,
  users: BrokerUser[],
): Promise<ManagedProcess> {
  const proc = group.start({
    name,
    script: 'test/src/chaos/broker-main.ts',
    args: [String(port)],
    env: { PDM_CHAOS_BROKER_USERS: JSON.stringify(users) },
  });
  await proc.waitForOutput(/broker ready \d+/, 60_000);
  return proc;
}

async function healthy(url: string, proc: ManagedProcess, anyStatus = false): Promise<boolean> {
  if (!proc.running) throw new Error(`${proc.spec.name} exited (${proc.exitCode}):\n${proc.output()}`);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return anyStatus || res.ok;
  } catch {
    return false;
  }
}

function loginOf(u: BrokerUser): { username: string; password: string } {
  return { username: u.username, password: u.password };
}
