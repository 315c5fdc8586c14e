// The dispatch and close-out API end to end through inject(): planner runs dispatch, technicians
// see and close out only their own jobs, outcomes and labels come out of the close-outs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCATION_FRESH_MS, loadInstance } from '../../src/services/dispatch/load-instance.js';
import { createHarness, type Harness } from '../support/harness.js';
import { HOUR, seedAndDispatch, seedPlant, testId } from './seed.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => h.close());

const dispatched = () => seedAndDispatch(h, { onHand: 5, orders: 2 });

const photo = (bytes: number, contentType = 'image/jpeg') => ({
  contentType,
  dataUrl: `data:${contentType};base64,${Buffer.alloc(bytes, 7).toString('base64')}`,
});

async function startJob(jobId: string, who: string) {
  const tech = await h.auth('technician', who);
  const res = await h.app.inject({
    method: 'POST',
    url: `/api/v1/work-orders/${jobId}/transitions`,
    headers: tech,
    payload: { to: 'in_progress' },
  });
  expect(res.statusCode, res.body).toBe(200);
  return tech;
}

describe('dispatch and close-out API', () => {
  it('runs dispatch and explains each assignment', async () => {
    const { run } = await dispatched();
    expect(run.solvedOn).toBe('worker');
    expect(run.assignments).toHaveLength(2);
    for (const a of run.assignments)
      expect(a.why).toMatch(
        /mechanical 3>=2; job \d of \d, starts \S+Z; .* min travel from .*; load .*; 1x brg-6205 from/,
      );
    const stock = await h.app.inject({
      method: 'GET',
      url: '/api/v1/stock',
      headers: await h.auth('planner'),
    });
    expect(stock.json().items[0]).toMatchObject({ onHand: 5, reserved: 2 });
  });

  it('plans from the position a technician reported while it is fresh, from home once it is old', async () => {
    await seedPlant(h.ctx, { onHand: 5, orders: 1 });
    const report = await h.app.inject({
      method: 'PUT',
      url: '/api/v1/me/location',
      headers: await h.auth('technician', 'tech-1'),
      payload: { lat: 48.85, lon: 2.35 },
    });
    expect(report.statusCode, report.body).toBe(200);
    const startOf = async (id: string) => {
      const { instance } = await h.ctx.db.read((db) =>
        loadInstance(db, h.ctx.db.t, { now: h.clock.now(), horizonMs: 72 * HOUR, includeScheduled: false }),
      );
      return instance.technicians.find((t) => t.id === id)?.location;
    };
    expect(await startOf('tech-1')).toEqual({ lat: 48.85, lon: 2.35 });
    expect(await startOf('tech-2')).toBeNull();
    h.clock.advance(LOCATION_FRESH_MS + 1);
    expect(await startOf('tech-1')).toBeNull();
    const bad = await h.app.inject({
      method: 'PUT',
      url: '/api/v1/me/location',
      headers: await h.auth('technician', 'tech-1'),
      payload: { lat: 95, lon: 2.35 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/lat/);
  });

  it('lets a technician see, locate and close out only their own jobs', async () => {
    const { run, planner } = await dispatched();
    const job = run.assignments[0]!;
    const other = job.technicianId === 'tech-1' ? 'tech-2' : 'tech-1';
    const mine = await h.app.inject({
      method: 'GET',
      url: '/api/v1/me/jobs',
      headers: await h.auth('technician', job.technicianId),
    });
    expect(mine.json().items.map((j: { workOrderId: string }) => j.workOrderId)).toContain(job.workOrderId);
    const theirs = await h.app.inject({
      method: 'GET',
      url: '/api/v1/me/jobs',
      headers: await h.auth('technician', other),
    });
    expect(theirs.json().items.map((j: { workOrderId: string }) => j.workOrderId)).not.toContain(
      job.workOrderId,
    );
    const moved = await h.app.inject({
      method: 'PUT',
      url: '/api/v1/me/location',
      headers: await h.auth('technician', other),
      payload: { lat: 48.86, lon: 2.34 },
    });
    expect(moved.json().location).toMatchObject({ lat: 48.86, lon: 2.34 });

    const tech = await startJob(job.workOrderId, job.technicianId);
    const body = {
      notes: 'bearing replaced',
      minutesSpent: 40,
      partsUsed: [{ partId: 'brg-6205', qty: 1 }],
      failureConfirmed: true,
      causeCode: 'bearing_wear',
    };
    const stranger = await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${job.workOrderId}/close-out`,
      headers: await h.auth('technician', other),
      payload: body,
    });
    expect(stranger.statusCode).toBe(403);
    const badType = await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${job.workOrderId}/close-out`,
      headers: tech,
      payload: { ...body, photo: { contentType: 'image/gif', dataUrl: 'data:image/gif;base64,AAAA' } },
    });
    expect(badType.statusCode).toBe(400);
    const liar = await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${job.workOrderId}/close-out`,
      headers: tech,
      payload: { ...body, photo: { contentType: 'image/png', dataUrl: photo(10).dataUrl } },
    });
    expect(liar.statusCode).toBe(415);
    const huge = await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${job.workOrderId}/close-out`,
      headers: tech,
      payload: { ...body, photo: photo(650_000) },
    });
    expect(huge.statusCode).toBe(413);
    const tooMany = await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${job.workOrderId}/close-out`,
      headers: tech,
      payload: { ...body, partsUsed: [{ partId: 'brg-6205', qty: 3 }] },
    });
    expect(tooMany.statusCode).toBe(400);
    const done = await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${job.workOrderId}/close-out`,
      headers: tech,
      payload: { ...body, photo: photo(2_000) },
    });
    expect(done.statusCode, done.body).toBe(200);
    const stock = await h.app.inject({ method: 'GET', url: '/api/v1/stock', headers: planner });
    expect(stock.json().items[0]).toMatchObject({ onHand: 4, reserved: 1 });
    const again = await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${job.workOrderId}/close-out`,
      headers: tech,
      payload: body,
    });
    expect(again.statusCode).toBe(409);
  });

  it('returns unused reserved parts to stock', async () => {
    const { run, planner } = await dispatched();
    const job = run.assignments[0]!;
    const tech = await startJob(job.workOrderId, job.technicianId);
    const body = {
      notes: 'nothing wrong',
      minutesSpent: 20,
      partsUsed: [],
      failureConfirmed: false,
      causeCode: 'no_fault_found',
    };
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${job.workOrderId}/close-out`,
      headers: tech,
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
    const stock = await h.app.inject({ method: 'GET', url: '/api/v1/stock', headers: planner });
    expect(stock.json().items[0]).toMatchObject({ onHand: 5, reserved: 1 });
    const reservations = await h.app.inject({ method: 'GET', url: '/api/v1/reservations', headers: planner });
    expect(
      reservations
        .json()
        .items.map((r: { status: string }) => r.status)
        .sort(),
    ).toEqual(['released', 'reserved']);
  });

  it('turns closed-out orders into outcomes per rule and labels for retraining', async () => {
    const { run, planner } = await dispatched();
    const now = h.clock.now();
    for (const [i, a] of run.assignments.entries()) {
      await h.ctx.db.tx(async (tx) => {
        await tx.insert(h.ctx.db.t.alerts).values({
          id: testId(),
          workOrderId: a.workOrderId,
          gatewayId: 'gw-1',
          siteId: 'plant-1',
          assetId: `pump-${i}`,
          source: 'rule',
          ruleOrModel: 'vib-rms-high',
          version: '1',
          failureMode: 'gearbox_wear',
          severity: 'major',
          state: 'open',
          openedAt: now - 10 * 3_600_000,
          observedAt: now - 10 * 3_600_000,
          score: 7 + i,
          threshold: 6,
          evidence: {},
          receivedAt: now,
          outcome: 'created',
        });
      });
      const tech = await startJob(a.workOrderId, a.technicianId);
      const confirmed = i === 0;
      const body = {
        notes: 'done',
        minutesSpent: 30,
        partsUsed: [],
        failureConfirmed: confirmed,
        causeCode: confirmed ? 'bearing_wear' : 'no_fault_found',
      };
      expect(
        (
          await h.app.inject({
            method: 'POST',
            url: `/api/v1/work-orders/${a.workOrderId}/close-out`,
            headers: tech,
            payload: body,
          })
        ).statusCode,
      ).toBe(200);
      const closed = await h.app.inject({
        method: 'POST',
        url: `/api/v1/work-orders/${a.workOrderId}/transitions`,
        headers: planner,
        payload: { to: 'closed' },
      });
      expect(closed.statusCode, closed.body).toBe(200);
    }
    const outcomes = await h.app.inject({ method: 'GET', url: '/api/v1/outcomes', headers: planner });
    expect(outcomes.json().items).toEqual([
      {
        ruleOrModel: 'vib-rms-high',
        version: '1',
        closedOrders: 2,
        confirmed: 1,
        falseAlarms: 1,
        precision: 0.5,
        medianLeadTimeHours: 10,
      },
    ]);
    const labels = await h.app.inject({ method: 'GET', url: '/api/v1/labels.jsonl', headers: planner });
    expect(labels.headers['content-type']).toContain('application/x-ndjson');
    const lines = labels.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => l.confirmed).sort()).toEqual([false, true]);
    expect(lines[0]).toMatchObject({
      ruleOrModel: 'vib-rms-high',
      version: '1',
      failureMode: 'gearbox_wear',
      threshold: 6,
    });
    expect(new Date(lines[0].closedAt).toISOString()).toBe(lines[0].closedAt);
    for (const l of lines) {
      expect(new Date(l.openedAt).toISOString()).toBe(l.openedAt);
      expect(Date.parse(l.openedAt)).toBeLessThanOrEqual(Date.parse(l.observedAt));
    }
    const tech = await h.auth('technician', 'tech-1');
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/outcomes', headers: tech })).statusCode).toBe(
      403,
    );
  });
});
