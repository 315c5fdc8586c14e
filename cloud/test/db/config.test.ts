import { HOUR } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../../src/config.js';

describe('cloud config', () => {
  it('has safe defaults with automation off', () => {
    const config = loadCloudConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      policy: { autoApprove: false, autoCancelOnClear: false },
    });
    expect(config.mqtt).toBeUndefined();
  });

  it('reads every PDM_CLOUD_* variable', () => {
    const config = loadCloudConfig({
      PDM_CLOUD_DATABASE_URL: 'postgres://u:p@db/pdm',
      PDM_CLOUD_PORT: '0',
      PDM_CLOUD_MQTT_URL: 'mqtt://broker:1883',
      PDM_CLOUD_MQTT_SHARE_GROUP: 'cloud',
      PDM_CLOUD_ADMIN_PASSWORD: 'long-enough',
      PDM_CLOUD_GATEWAY_KEYS: 'gw-1:0123456789abcdef,gw-2:fedcba9876543210',
      PDM_CLOUD_AUTO_APPROVE: 'true',
      PDM_CLOUD_SAFETY_MARGIN_HOURS: '12',
      PDM_CLOUD_JOBS: 'off',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u:p@db/pdm',
      port: 0,
      mqtt: { url: 'mqtt://broker:1883', shareGroup: 'cloud' },
      bootstrap: {
        adminPassword: 'long-enough',
        gatewayKeys: [{ gatewayId: 'gw-1' }, { gatewayId: 'gw-2' }],
      },
      policy: { autoApprove: true, safetyMarginMs: 12 * HOUR },
      jobs: { enabled: false },
    });
  });

  it('names the variable of every bad setting', () => {
    expect(() =>
      loadCloudConfig({
        PDM_CLOUD_PORT: 'eighty',
        PDM_CLOUD_MQTT_URL: 'http://x',
        PDM_CLOUD_ADMIN_PASSWORD: 'short',
      }),
    ).toThrowError(/PDM_CLOUD_PORT \(port\).*PDM_CLOUD_MQTT_URL \(mqtt\.url\).*PDM_CLOUD_ADMIN_PASSWORD/);
  });

  it('lets overrides win section by section', () => {
    const config = loadCloudConfig(
      { PDM_CLOUD_AUTO_APPROVE: '1' },
      { port: 0, policy: { autoCancelOnClear: true } },
    );
    expect(config.policy).toMatchObject({ autoApprove: true, autoCancelOnClear: true });
    expect(config.port).toBe(0);
  });
});
