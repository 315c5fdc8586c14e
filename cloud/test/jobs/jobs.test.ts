// Jobs: a lease per job across instances, no overlapping runs, idempotent from database state.
import { DAY, HOUR, MINUTE } from '@pdm/shared';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../../src/config.js';
import { cloudJobs, guardedRunner, type Job } from '../../src/jobs/scheduler.js';
import { acquireLease } from '../../src/services/acquire-lease.js';
import { detectStaleGateways } from '../../src/services/detect-stale-gateways.js';
import { escalateProposals } from '../../src/services/escalate-proposals.js';
import { purgeExpiredSessions } from '../../src/services/purge-sessions.js';
import { recordGatewayStatus } from '../../src/services/record-gateway-status.js';
import { detail, proposal } from '../services/contract.js';
import { waitFor } from '../support/broker.js';
import { createHarness, type Harness } from '../support/harness.js';

const silent = pino({ level: 'silent' });

describe('jobs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => h.close());

  it('schedules every job, dispatch and reorder points included, and each runs from database state', async () => {
    const config = loadCloudConfig({}, { databaseUrl: ':memory:' });
    const jobs = cloudJobs({ ctx: h.ctx, config, logger: silent });
    expect(jobs.map((j) => j.job.name).sort()).toEqual([
      'purge-sessions',
      're-dispatch',
      'reorder-points',
      'sla-escalation',
      'stale-gateways',
    ]);
    for (const { job } of jobs) {
      const run = guardedRunner({ ctx: h.ctx, logger: silent, holder: 'test' }, job);
      expect(await run(), job.name).toBe(true);
    }
  });

  it('gives a lease to one holder until it expires', async () => {
    const take = (holder: string) =>
      acquireLease({ ctx: h.ctx, input: { name: 'job:x', holder, ttlMs: MINUTE } });
    expect(await take('a')).toBe(true);
    expect(await take('b')).toBe(false);
    expect(await take('a')).toBe(true);
    h.clock.advance(MINUTE + 1);
    expect(await take('b')).toBe(true);
  });

  it('never overlaps runs, in one process or across holders', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const job: Job = {
      name: 'slow',
      leaseMs: MINUTE,
      run: async () => {
        active += 1;
        runs += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        active -= 1;
        return {};
      },
    };
    const one = guardedRunner({ ctx: h.ctx, logger: silent, holder: 'instance-1' }, job);
    const two = guardedRunner({ ctx: h.ctx, logger: silent, holder: 'instance-2' }, job);
    const first = one();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await one()).toBe(false); // still running here
    expect(await two()).toBe(false); // lease held by instance-1
    release();
    expect(await first).toBe(true);
    const second = two();
    await waitFor(() => (runs === 2 ? true : undefined));
    release();
    expect(await second).toBe(true);
    expect(maxActive).toBe(1);
    expect(runs).toBe(2);
  });

  it('escalates an unreviewed proposal once, after the SLA', async () => {
    const id = await proposal(h);
    const before = await detail(h, id);
    h.clock.advance(23 * HOUR);
    expect((await escalateProposals({ ctx: h.ctx, input: {} })).escalated).toEqual([]);
    h.clock.advance(2 * HOUR);
    expect((await escalateProposals({ ctx: h.ctx, input: {} })).escalated).toEqual([id]);
    expect((await escalateProposals({ ctx: h.ctx, input: {} })).escalated).toEqual([]);
    const after = await detail(h, id);
    expect(after.priority).toBe(Math.max(1, before.priority - 1));
    const audit = await h.db.read((db) => db.select().from(h.db.t.auditLog));
    expect(audit.filter((a) => a.action === 'work-order.escalated')).toHaveLength(1);
  });

  it('does not escalate an order a planner already handled', async () => {
    const id = await proposal(h);
    await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${id}/transitions`,
      headers: await h.auth('planner'),
      payload: { to: 'approved' },
    });
    h.clock.advance(2 * DAY);
    expect((await escalateProposals({ ctx: h.ctx, input: {} })).escalated).toEqual([]);
  });

  it('marks a quiet gateway stale once, and a fresh status brings it back', async () => {
    const status = (ts: number) => ({ gatewayId: 'gw-1', state: 'online' as const, ts, counters: {} });
    await recordGatewayStatus({ ctx: h.ctx, input: { status: status(h.clock.now()) } });
    h.clock.advance(MINUTE);
    expect((await detectStaleGateways({ ctx: h.ctx, input: { staleAfterMs: 2 * MINUTE } })).stale).toEqual(
      [],
    );
    h.clock.advance(2 * MINUTE);
    expect((await detectStaleGateways({ ctx: h.ctx, input: { staleAfterMs: 2 * MINUTE } })).stale).toEqual([
      'gw-1',
    ]);
    expect((await detectStaleGateways({ ctx: h.ctx, input: { staleAfterMs: 2 * MINUTE } })).stale).toEqual(
      [],
    );
    await recordGatewayStatus({ ctx: h.ctx, input: { status: status(h.clock.now()) } });
    const [fresh] = await h.db.read((db) => db.select().from(h.db.t.gateways));
    expect(fresh).toMatchObject({ stale: false, state: 'online' });
    // An older status delivered late does not roll the state back.
    const late = { ...status(h.clock.now() - 10 * MINUTE), state: 'offline' as const };
    await recordGatewayStatus({ ctx: h.ctx, input: { status: late } });
    const [kept] = await h.db.read((db) => db.select().from(h.db.t.gateways));
    expect(kept).toMatchObject({ stale: false, state: 'online' });
    // The last will of the current session applies although its ts (the connect time) is older.
    const session = h.clock.now() - 5 * MINUTE;
    const will = { ...late, ts: session, session, lastWill: true as const };
    await recordGatewayStatus({ ctx: h.ctx, input: { status: { ...status(h.clock.now()), session } } });
    await recordGatewayStatus({ ctx: h.ctx, input: { status: will } });
    const [dead] = await h.db.read((db) => db.select().from(h.db.t.gateways));
    expect(dead).toMatchObject({
      stale: true,
      state: 'offline',
      sessionAt: session,
      statusAt: h.clock.now(),
    });
    // ...but not the late will of an earlier session once a later one reported.
    await recordGatewayStatus({
      ctx: h.ctx,
      input: { status: { ...status(h.clock.now() + 1), session: session + 1 } },
    });
    await recordGatewayStatus({ ctx: h.ctx, input: { status: will } });
    const [alive] = await h.db.read((db) => db.select().from(h.db.t.gateways));
    expect(alive).toMatchObject({ stale: false, state: 'online', sessionAt: session + 1 });
  });

  it('purges sessions a day after they expired', async () => {
    await h.auth('planner');
    expect((await purgeExpiredSessions({ ctx: h.ctx, input: {} })).purged).toBe(0);
    h.clock.advance(12 * HOUR + DAY + 1);
    expect((await purgeExpiredSessions({ ctx: h.ctx, input: {} })).purged).toBe(1);
  });
});
