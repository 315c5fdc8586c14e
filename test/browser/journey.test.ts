import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../src/servers.js';
import { lowContrast, openBrowser, type Person, shoot, signIn, unlabelled } from './harness.js';
import {
  bearingAlerts,
  imbalanceAlert,
  PLANNER,
  type Plant,
  postAlerts,
  registerPlant,
  startPlant,
  TECHNICIAN,
} from './plant.js';

const chromiumPath = await findChromium();

// One story, step by step: each test continues where the previous one stopped.
describe.skipIf(!chromiumPath)('planner and technician journey in Chromium', () => {
  let plant: Plant;
  let planner: Person;
  let technician: Person;
  let orderId: string;
  let otherId: string;

  beforeAll(async () => {
    plant = await startPlant();
    await registerPlant(plant);
    orderId = await postAlerts(plant, bearingAlerts(Date.now()));
    otherId = await postAlerts(plant, [imbalanceAlert(Date.now())]);
    planner = await openBrowser(chromiumPath!);
  });
  afterAll(async () => {
    await planner?.close();
    await technician?.close();
    await plant?.cloud.stop();
  });

  it('shows the planner a field error from the API when signing in with a wrong password', async () => {
    const { page } = planner;
    await page.goto(`${plant.url}/`);
    await page.getByLabel('Username').fill(PLANNER.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.locator('.form-status'), /invalid|wrong|incorrect/i);
    await shoot(page, '01-login-error');
    expect(await unlabelled(page)).toEqual([]);
    expect(await lowContrast(page)).toEqual([]);
  });

  it('loads the console fast on loopback', async () => {
    const { page } = planner;
    await page.goto(`${plant.url}/`);
    const ms = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return nav.domContentLoadedEventEnd - nav.startTime;
    });
    await page.getByLabel('Username').waitFor();
    expect(ms).toBeLessThan(1_000);
  });

  it('signs the planner in to the queue ranked by risk', async () => {
    const { page } = planner;
    await signIn(page, plant.url, PLANNER);
    const row = page.locator(`tr[data-order="${orderId}"]`);
    await row.waitFor();
    await expectText(row, /pump-7/);
    await expectText(row, /criticality 5/);
    await expectText(row, /P\d/);
    const ranked = await page
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order')));
    expect(ranked).toEqual([orderId, otherId]);
    await shoot(page, '02-planner-queue');
    expect(await unlabelled(page)).toEqual([]);
    expect(await lowContrast(page)).toEqual([]);
  });

  it('updates the queue live when a gateway raises a new alert', async () => {
    const { page } = planner;
    const newId = await postAlerts(plant, [imbalanceAlert(Date.now(), 'misalignment', 23)]);
    await page.locator(`tr[data-order="${newId}"]`).waitFor({ timeout: 12_000 });
    await expectText(page.locator('.live'), /3 orders/);
  });

  it('filters the queue by status, priority and text', async () => {
    const { page } = planner;
    const rows = page.locator('table.queue tbody tr');
    await page.getByLabel('Search').fill('fan-2');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Status').selectOption({ label: 'Approved or scheduled' });
    await expectText(page.locator('main'), /No work orders match these filters/);
    await page.getByLabel('Status').selectOption({ label: 'Proposed (to review)' });
    await page.getByLabel('Priority').selectOption({ label: 'P5' });
    await expectText(page.locator('main'), /No work orders match these filters/);
    await page.getByLabel('Priority').selectOption({ label: 'Any' });
    await expect.poll(() => rows.count()).toBe(3);
  });

  it('opens the predicted order and sees its evidence chart', async () => {
    const { page } = planner;
    await page.locator(`tr[data-order="${orderId}"] a`).click();
    await page.getByRole('heading', { name: 'Evidence' }).waitFor();
    const chart = page.getByRole('img', { name: /Evidence chart of vibration_rms, bearing_temp/ });
    await chart.waitFor();
    const inked = await chart.evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 100 && data[i + 2]! > 150) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(500);
    await expectText(page.locator('.timeline'), /rul alert open: rul-bearing/);
    await shoot(page, '03-work-order-evidence');
  });

  it('refuses a rejection without a reason, naming the field', async () => {
    const { page } = planner;
    await page.getByRole('button', { name: 'Reject' }).click();
    await expectText(page.locator('.decide .field-error[data-field="reason"]'), /Reason/);
    await shoot(page, '04-reject-needs-reason');
  });

  it('shows the API error naming the field when an edit is invalid', async () => {
    const { page } = planner;
    const due = page.getByLabel('Due', { exact: true });
    const before = await due.inputValue();
    await due.fill('1999-12-31T10:00');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expectText(page.locator('.edit .field-error[data-field="dueAt"]'), /dueAt: .*2000/);
    await expectText(page.locator('.edit .form-status'), /dueAt/);
    await shoot(page, '05-edit-api-error');
    expect(await unlabelled(page)).toEqual([]);
    expect(await lowContrast(page)).toEqual([]);
    await due.fill(before);
    // Correcting the field takes its error and the form's message about it away.
    await page.locator('.edit .form-status:empty').waitFor({ state: 'attached', timeout: 10_000 });
    expect(await page.locator('.edit .field-error[data-field="dueAt"]').textContent()).toBe('');
  });

  it('approves the order', async () => {
    const { page } = planner;
    await page.getByLabel('Reason').fill('vibration trend confirmed on the last route');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expectText(page.locator('.wo-header .badges'), /approved/);
    await expectText(page.locator('.timeline'), /proposed → approved by pat/);
    await shoot(page, '06-approved');
    expect(planner.problems).toEqual([]);
  });

  it('runs dispatch and sees who got the job, when and why', async () => {
    const { page } = planner;
    await page.getByRole('link', { name: 'Dispatch board' }).click();
    await page.getByRole('button', { name: 'Run dispatch' }).click();
    const result = page.locator('.run-result');
    await expectText(result, /1 assigned, 0 left unassigned/);
    await expectText(result, new RegExp(`${TECHNICIAN.username}.*mechanical`));
    const card = page.getByRole('region', { name: `Technician ${TECHNICIAN.username}` });
    await expectText(card, /pump-7 bearing wear/);
    // The job plan takes 180 min plus travel, booked today at dispatch's planned slot.
    await card.getByRole('img', { name: /^Load for the next 7 days: 3 h \d+ min, 0 min/ }).waitFor();
    const schedule = page.getByRole('group', { name: /^Schedule of Tess Tan: 1 planned job$/ });
    await schedule.getByRole('link', { name: /^pump-7 bearing wear, \d\d:\d\d–\d\d:\d\d, P\d$/ }).waitFor();
    await shoot(page, '07-dispatch-run');
    expect(await unlabelled(page)).toEqual([]);
    expect(await lowContrast(page)).toEqual([]);
    await card.getByRole('link', { name: 'pump-7 bearing wear' }).click();
    await expectText(page.locator('.wo-header .badges'), /scheduled/);
    const proposal = page.getByRole('region', { name: 'Proposed technician' });
    await expectText(proposal, /Tess Tan/);
    await expectText(proposal, /Skills: mechanical 4 \(needs 3\)/);
    await expectText(
      page.getByRole('region', { name: 'Parts' }).locator('tr', { hasText: 'bearing-6205' }),
      /reserved.*2 at store-north/,
    );
    await shoot(page, '08-order-dispatched');
  });

  it('gives the technician, on a phone, the job with where, what and the parts to pick up', async () => {
    technician = await openBrowser(chromiumPath!, { phone: true });
    const { page } = technician;
    await signIn(page, plant.url, TECHNICIAN);
    const job = page.getByRole('region', { name: 'Today' }).locator(`li.job[data-order="${orderId}"]`);
    await expectText(job, /Where: pump-7, site plant-north/);
    await expectText(job, /Lock out and tag out/);
    await expectText(job, /2 × bearing-6205, pick up at store-north/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(page, '09-technician-jobs');
  });

  it("shares the technician's position, which the next dispatch run starts from", async () => {
    const { page, context } = technician;
    const where = page.getByRole('region', { name: 'My location' });
    await context.grantPermissions(['geolocation'], { origin: plant.url });
    await context.setGeolocation({ latitude: 52.08, longitude: 4.31, accuracy: 25 });
    await where.getByRole('button', { name: 'Share my location' }).click();
    await expectText(where, /Shared at .* \(within 25 m\): dispatch plans your next trip from here/);
    const saved = async () => {
      const list = await plant.api('GET', '/technicians', undefined, plant.adminToken);
      return list.body.items.find((t: { id: string }) => t.id === TECHNICIAN.username)?.location;
    };
    expect(await saved()).toMatchObject({ lat: 52.08, lon: 4.31 });
    await shoot(page, '09b-technician-location');
    // Sharing continues across a reload without another click, and stops when asked.
    await page.reload();
    await expectText(page.getByRole('region', { name: 'My location' }), /Shared at/);
    await where.getByRole('button', { name: 'Stop sharing' }).click();
    await expectText(where, /Not shared: dispatch plans from your home base/);
    await context.clearPermissions();
  });

  it('lets the API, not the console, decide what a technician may see', async () => {
    const { page } = technician;
    const status = await page.evaluate(async () => {
      const { token } = JSON.parse(sessionStorage.getItem('pdm.session')!);
      const res = await fetch('/api/v1/console/fleet-health', {
        headers: { authorization: `Bearer ${token}` },
      });
      return res.status;
    });
    expect(status).toBe(403);
    await page.goto(`${plant.url}/#/queue`);
    await page.getByRole('heading', { name: 'My jobs' }).waitFor();
  });

  it('starts the job and refuses an empty close-out, naming each field', async () => {
    const { page } = technician;
    const job = page.locator(`li.job[data-order="${orderId}"]`);
    await job.getByRole('button', { name: 'Start job' }).click();
    await expectText(job, /in progress/);
    await job.getByRole('link', { name: 'Close out' }).click();
    await page.getByRole('button', { name: 'Close out job' }).click();
    const error = (field: string) => page.locator(`.field-error[data-field="${field}"]`);
    await expectText(error('notes'), /What did you find/);
    await expectText(error('minutesSpent'), /Time spent/);
    await expectText(error('failureConfirmed'), /confirmed/);
    await expectText(error('causeCode'), /Cause code/);
    await shoot(page, '10-close-out-errors');
    expect(await unlabelled(page)).toEqual([]);
    expect(await lowContrast(page)).toEqual([]);
  });

  it('closes the job out with notes, time, parts, cause and a photo', async () => {
    const { page } = technician;
    await page
      .getByLabel('What did you find and do?')
      .fill('Drive-end bearing cage cracked, outer race pitted. Replaced both.');
    expect(await page.locator('.field-error[data-field="notes"]').textContent()).toBe('');
    await page.getByLabel('Time spent (minutes)').fill('150');
    await page.getByLabel('bearing-6205 (reserved 2)').fill('2');
    await page.getByLabel('Yes, the fault was there').check();
    await page.getByLabel('Cause code').selectOption('bearing_wear');
    const photo = await planner.page.screenshot({ type: 'png' });
    await page
      .getByLabel('Photo (optional)')
      .setInputFiles({ name: 'bearing.png', mimeType: 'image/png', buffer: photo });
    await shoot(page, '11-close-out-filled');
    await page.getByRole('button', { name: 'Close out job' }).click();
    await page.getByRole('heading', { name: 'My jobs' }).waitFor();
    const done = page.getByRole('region', { name: 'Done' }).locator(`li.job[data-order="${orderId}"]`);
    await expectText(done, /completed/);
    await shoot(page, '12-technician-done');
    expect(technician.problems).toEqual([]);
  });

  it('shows the planner the outcome, closes the order and sees the measured precision', async () => {
    const { page } = planner;
    await page.reload();
    const closeOut = page.getByRole('region', { name: 'Close-out' });
    await expectText(closeOut, /Failure confirmedyes/);
    await expectText(closeOut, /Causebearing wear/);
    await closeOut.getByRole('img', { name: /Photo taken at close-out/ }).waitFor();
    await expectText(
      page.locator('.timeline'),
      new RegExp(`in progress → completed by ${TECHNICIAN.username}`),
    );
    await shoot(page, '13-planner-sees-close-out');
    await page.getByRole('button', { name: 'Close order' }).click();
    await expectText(page.locator('.wo-header .badges'), /closed/);
    await page.getByRole('link', { name: 'Fleet health' }).click();
    const measured = page.getByRole('region', { name: 'Measured precision and lead time' });
    // rule or model, version, closed, confirmed, false alarms, precision
    await expectText(measured.locator('tr', { hasText: 'rul-bearing' }), /1\.2\.0110100 %/);
    await expectText(
      page.getByRole('region', { name: 'Assets by health' }).locator('tr', { hasText: 'pump-7' }),
      /healthy/,
    );
    await shoot(page, '14-fleet-health');
    expect(await unlabelled(page)).toEqual([]);
    expect(await lowContrast(page)).toEqual([]);
    await page.getByRole('link', { name: 'Parts' }).click();
    await expectText(page.getByRole('region', { name: 'Items at risk' }), /bearing-6205/);
    await shoot(page, '15-parts');
    expect(planner.problems).toEqual([]);
  });
});

/** Waits until the element shows text matching the pattern; fails showing the text it had. */
async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  try {
    await locator.filter({ hasText: pattern }).first().waitFor({ timeout: 10_000 });
  } catch {
    expect(await locator.first().textContent()).toMatch(pattern);
  }
}
