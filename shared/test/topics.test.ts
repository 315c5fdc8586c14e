import { describe, expect, it } from 'vitest';
import { alertTopic, gatewayStatusTopic, parseTopic, sparkplugTopic, telemetryTopic } from '../src/index.js';

describe('topics', () => {
  it('round-trip every kind', () => {
    expect(parseTopic(telemetryTopic('plant-a', 'pump_01'))).toEqual({
      ok: true,
      topic: { kind: 'telemetry', siteId: 'plant-a', assetId: 'pump_01' },
    });
    expect(parseTopic(alertTopic('s', 'a'))).toEqual({
      ok: true,
      topic: { kind: 'alerts', siteId: 's', assetId: 'a' },
    });
    expect(parseTopic(gatewayStatusTopic('gw-1'))).toEqual({
      ok: true,
      topic: { kind: 'gateway-status', gatewayId: 'gw-1' },
    });
    const node = sparkplugTopic({ groupId: 'g', type: 'NBIRTH', nodeId: 'n' });
    expect(node).toBe('spBv1.0/g/NBIRTH/n');
    expect(parseTopic(node)).toEqual({
      ok: true,
      topic: { kind: 'sparkplug', groupId: 'g', type: 'NBIRTH', nodeId: 'n' },
    });
    const dev = sparkplugTopic({ groupId: 'g', type: 'DDATA', nodeId: 'n', deviceId: 'd' });
    expect(parseTopic(dev)).toEqual({
      ok: true,
      topic: { kind: 'sparkplug', groupId: 'g', type: 'DDATA', nodeId: 'n', deviceId: 'd' },
    });
  });

  it('builders refuse bad ids, wildcards and the reserved site', () => {
    expect(() => telemetryTopic('a/b', 'x')).toThrow(/site id/);
    expect(() => telemetryTopic('+', 'x')).toThrow();
    expect(() => alertTopic('s', '#')).toThrow(/asset id/);
    expect(() => telemetryTopic('gateways', 'x')).toThrow(/reserved/);
    expect(() => gatewayStatusTopic('')).toThrow();
    expect(() => sparkplugTopic({ groupId: 'g', type: 'DDATA', nodeId: 'n' })).toThrow(/device id/);
    expect(() => sparkplugTopic({ groupId: 'g', type: 'NDATA', nodeId: 'n', deviceId: 'd' })).toThrow();
  });

  const rejected: [string, RegExp][] = [
    ['pdm/v1/+/a/telemetry', /wildcard/],
    ['pdm/v1/#', /wildcard/],
    ['other/v1/s/a/telemetry', /must start/],
    ['pdm/v2/s/a/telemetry', /must start/],
    ['pdm/v1/s/a/telemetry/extra', /levels/],
    ['pdm/v1/s/a/commands', /unknown topic kind/],
    ['pdm/v1/s s/a/telemetry', /bad site id/],
    ['pdm/v1/s//telemetry', /bad asset id/],
    ['pdm/v1/gateways/gw/telemetry', /gateway topic kind/],
    ['spBv1.0/g/NOPE/n', /unknown sparkplug type/],
    ['spBv1.0/g/DDATA/n', /needs a device id/],
    ['spBv1.0/g/NDATA/n/d', /takes no device id/],
    ['spBv1.0/g/NDATA/n/d/e', /4 or 5 levels/],
  ];
  it.each(rejected)('parse rejects %s', (topic, reason) => {
    const result = parseTopic(topic);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
