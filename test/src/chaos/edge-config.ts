// The edge configuration used by the reliability suite: one threshold rule on `temp` so that
// every injected fault (one hot sample on an asset) opens exactly one alert.
import type { EdgeConfigInput } from '@pdm/edge';

export const GATEWAY_ID = 'gw-chaos';
export const SITE_ID = 'plant-9';
export const FAULT_MODE = 'overheat';
export const HOT = 150;
export const NORMAL = 40;

export interface EdgeConfigOptions {
  dataDir: string;
  sourceUrl: string;
  uplinkUrl: string;
  login: { source: { username: string; password: string }; uplink: { username: string; password: string } };
  metricsPort: number;
  keepaliveSeconds?: number;
  /** Extra fields merged over the defaults (storage limits, HTTP fallback...). */
  extra?: Partial<EdgeConfigInput>;
}

export function chaosEdgeConfig(o: EdgeConfigOptions): EdgeConfigInput {
  const keepaliveSeconds = o.keepaliveSeconds ?? 5;
  const { uplink, storage, ...rest } = o.extra ?? {};
  return {
    gatewayId: GATEWAY_ID,
    logLevel: 'warn',
    // A persistent telemetry session: the site broker queues QoS 1 samples while the edge is away.
    source: { url: o.sourceUrl, ...o.login.source, keepaliveSeconds, qos: 1, cleanSession: false },
    uplink: {
      url: o.uplinkUrl,
      ...o.login.uplink,
      keepaliveSeconds,
      retryMin: 200,
      retryMax: 2_000,
      statusInterval: 2_000,
      ...uplink,
    },
    storage: { dataDir: o.dataDir, ...storage },
    sensors: { temp: { min: -50, max: 500, unit: 'C' } },
    metrics: { port: o.metricsPort },
    alerts: { cooldown: 0 },
    rules: [
      {
        id: 'temp-high',
        kind: 'threshold',
        sensor: 'temp',
        above: 100,
        clearBelow: 90,
        failureMode: FAULT_MODE,
        severity: 'major',
      },
    ],
    ...rest,
  };
}
