import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Alert, createUlidFactory, seededRandom } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import { EdgeStore } from '../src/io/edge-store.js';

const T = Date.UTC(2026, 0, 5);
const mint = createUlidFactory(seededRandom(3));

function alert(state: Alert['state'], i = 0): Alert {
  return {
    id: mint(T + i),
    gatewayId: 'gw',
    siteId: 'site',
    assetId: `a-${i % 3}`,
    source: 'rule',
    ruleOrModel: 'r1',
    version: '1',
    failureMode: 'bearing_wear',
    severity: 'major',
    state,
    openedAt: T,
    observedAt: T + i,
    score: 8,
    threshold: 7.1,
    evidence: { vib_rms: [[T, 8]] },
  };
}

const limits = { maxBytes: 64 * 2 ** 20, maxAlertRows: 1_000 };

describe('SQLite outbox', () => {
  it('survives a restart in creation order and forgets only acknowledged rows', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pdm-outbox-')), 'edge.db');
    const first = new EdgeStore(path, limits);
    const ids = Array.from({ length: 5 }, (_, i) => alert('open', i));
    for (const a of ids) first.enqueue(a, T);
    first.enqueue(ids[0] as Alert, T); // the same id again is stored once
    const [head] = first.pending(0, 1);
    first.markDelivered(head?.seq ?? -1);
    first.close();

    const second = new EdgeStore(path, limits);
    expect(second.depth).toBe(4);
    const rows = second.pending(0, 10);
    expect(rows.map((r) => r.id)).toEqual(ids.slice(1).map((a) => a.id));
    expect(rows[0]?.topic).toBe('pdm/v1/site/a-1/alerts');
    expect(JSON.parse(rows[0]?.payload ?? '{}')).toEqual(ids[1]);
    expect(second.markDelivered(rows[0]?.seq ?? -1)).toBe(true);
    expect(second.markDelivered(rows[0]?.seq ?? -1)).toBe(false);
    expect(second.integrityOk()).toBe(true);
    second.close();
  });

  it('refuses alerts that do not follow the schema', () => {
    const store = new EdgeStore(':memory:', limits);
    expect(() => store.enqueue({ ...alert('open'), score: Number.NaN }, T)).toThrow(/score/);
    expect(() => store.enqueue({ ...alert('open'), id: 'not-a-ulid' }, T)).toThrow(/id/);
    expect(store.depth).toBe(0);
  });

  it('when the alert cap is reached drops updates but keeps opens and clears', () => {
    const store = new EdgeStore(':memory:', { ...limits, maxAlertRows: 100 });
    for (let i = 0; i < 100; i++) store.enqueue(alert('open', i), T);
    expect(store.enqueue(alert('update', 100), T)).toBe('dropped_update');
    expect(store.enqueue(alert('cleared', 101), T)).toBe('stored');
    expect(store.enqueue(alert('open', 102), T)).toBe('stored');
    expect(store.depth).toBe(102);
    expect(store.droppedUpdates).toBe(1);
  });

  it('deletes the oldest rollups, never alerts, when the database is over its size limit', () => {
    const store = new EdgeStore(':memory:', { maxBytes: 1_000_000, maxAlertRows: 1_000 });
    for (let i = 0; i < 20; i++) store.enqueue(alert('open', i), T);
    const minute = 60_000;
    for (let batch = 0; batch < 40; batch++) {
      const rows = Array.from({ length: 2_000 }, (_, i) => ({
        siteId: 'site',
        assetId: `asset-${i % 50}`,
        sensor: `sensor-with-a-long-name-${Math.floor(i / 50)}`,
        minute: T + batch * minute,
        min: 1,
        mean: 2,
        max: 3,
        count: 6,
      }));
      store.addRollups(rows);
    }
    expect(store.droppedRollups).toBeGreaterThan(0);
    expect(store.depth).toBe(20);
    const kept = store.rollupsOf('site', 'asset-0', 'sensor-with-a-long-name-0');
    expect(kept.at(-1)?.minute).toBe(T + 39 * minute);
    expect(kept[0]?.minute).toBeGreaterThan(T);
  });
});
