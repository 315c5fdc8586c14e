// A real cloud service in-process, seeded through its public API the way a deployment would be:
// an admin registers the plant and people, a gateway posts alerts.
import { type CloudService, loadCloudConfig, startCloud } from '@pdm/cloud';
import { type Alert, AlertSchema, createUlidFactory, DAY, HOUR, MINUTE, seededRandom } from '@pdm/shared';

export const ADMIN = { username: 'admin', password: 'admin-secret-1' };
export const PLANNER = { username: 'pat', password: 'planner-secret-1' };
export const TECHNICIAN = { username: 'tess', password: 'technician-secret-1' };
export const GATEWAY = { id: 'gw-north', key: 'gateway-north-key-0001' };

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of many shapes, read field by field in tests
export type ApiAnswer = { status: number; body: any };

export interface Plant {
  cloud: CloudService;
  url: string;
  api: (method: string, path: string, body?: unknown, token?: string) => Promise<ApiAnswer>;
  adminToken: string;
}

export async function startPlant(): Promise<Plant> {
  const config = loadCloudConfig(
    {},
    {
      databaseUrl: ':memory:',
      host: '127.0.0.1',
      port: 0,
      logLevel: 'warn',
      jobs: { enabled: false },
      bootstrap: {
        adminPassword: ADMIN.password,
        gatewayKeys: [{ gatewayId: GATEWAY.id, key: GATEWAY.key }],
      },
    },
  );
  const cloud = await startCloud(config);
  const api: Plant['api'] = async (method, path, body, token) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${cloud.url}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  const login = await api('POST', '/auth/login', ADMIN);
  if (login.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(login.body)}`);
  return { cloud, url: cloud.url, api, adminToken: login.body.token };
}

/** Sites, assets and people, created by the admin through the API. */
export async function registerPlant(plant: Plant): Promise<void> {
  const t = plant.adminToken;
  await expectOk(
    plant.api('PUT', '/sites/plant-north', { name: 'North plant', latitude: 52.1, longitude: 4.3 }, t),
  );
  await expectOk(
    plant.api(
      'PUT',
      '/assets/pump-7',
      { siteId: 'plant-north', name: 'Cooling pump 7', type: 'pump', criticality: 5 },
      t,
    ),
  );
  await expectOk(
    plant.api(
      'PUT',
      '/assets/fan-2',
      { siteId: 'plant-north', name: 'Exhaust fan 2', type: 'fan', criticality: 2 },
      t,
    ),
  );
  await expectOk(
    plant.api('POST', '/users', { id: PLANNER.username, password: PLANNER.password, role: 'planner' }, t),
  );
  await expectOk(
    plant.api(
      'POST',
      '/users',
      { id: TECHNICIAN.username, password: TECHNICIAN.password, role: 'technician' },
      t,
    ),
  );
  await registerDispatch(plant);
}

/** The technician's skills and shifts, a site store with the bearing parts in stock. */
async function registerDispatch(plant: Plant): Promise<void> {
  const t = plant.adminToken;
  const now = Date.now();
  const shifts = Array.from({ length: 7 }, (_, d) => ({
    start: now + d * DAY,
    end: now + d * DAY + 10 * HOUR,
  }));
  const technician = {
    displayName: 'Tess Tan',
    skills: { mechanical: 4, vibration_analysis: 2 },
    home: { lat: 52.12, lon: 4.31 },
    shifts,
    dailyCapacityMin: 480,
    vanWarehouseId: null,
    available: true,
  };
  await expectOk(plant.api('PUT', `/technicians/${TECHNICIAN.username}`, technician, t));
  const store = { name: 'North stores', siteId: 'plant-north', technicianId: null, lat: 52.1, lon: 4.3 };
  await expectOk(plant.api('PUT', '/warehouses/store-north', store, t));
  const parts = [
    ['bearing-6205', 'Deep-groove ball bearing 6205', 2, 3],
    ['grease-ep2', 'EP2 grease cartridge', 1, 6],
  ] as const;
  for (const [id, name, reorderPoint, onHand] of parts) {
    await expectOk(
      plant.api('PUT', `/parts/${id}`, { name, reorderPoint, reorderQty: 10, leadTimeMs: 5 * DAY }, t),
    );
    await expectOk(plant.api('PUT', '/stock', { warehouseId: 'store-north', partId: id, onHand }, t));
  }
}

/**
 * A bearing wearing out on pump-7: three alerts over the last six hours, each carrying two days of
 * 1-minute vibration and temperature readings and a remaining-life estimate.
 */
export function bearingAlerts(now: number): Alert[] {
  const ulid = createUlidFactory(seededRandom(7));
  const openedAt = now - 6 * HOUR;
  const failure = { p10: now + 3 * 24 * HOUR, p50: now + 5 * 24 * HOUR, p90: now + 9 * 24 * HOUR };
  return [openedAt, now - 3 * HOUR, now - 20 * MINUTE].map((observedAt, i) =>
    AlertSchema.parse({
      id: ulid(observedAt),
      gatewayId: GATEWAY.id,
      siteId: 'plant-north',
      assetId: 'pump-7',
      source: 'rul',
      ruleOrModel: 'rul-bearing',
      version: '1.2.0',
      failureMode: 'bearing_wear',
      severity: i === 2 ? 'major' : 'warning',
      state: i === 0 ? 'open' : 'update',
      openedAt,
      observedAt,
      score: 0.62 + i * 0.12,
      threshold: 0.6,
      predictedFailureAt: failure,
      message: 'vibration RMS rising with bearing temperature',
      evidence: readings(observedAt),
    }),
  );
}

/** A threshold rule on a less critical fan: no remaining-life estimate, so it ranks lower. */
export function imbalanceAlert(now: number, failureMode = 'imbalance', seed = 11): Alert {
  const ulid = createUlidFactory(seededRandom(seed));
  const observedAt = now - 2 * HOUR;
  const points: [number, number][] = [];
  for (let t = observedAt - 6 * HOUR, i = 0; t <= observedAt; t += MINUTE, i++) {
    points.push([t, round(3 + Math.max(0, i - 300) * 0.01 + (i % 7) * 0.02)]);
  }
  return AlertSchema.parse({
    id: ulid(observedAt),
    gatewayId: GATEWAY.id,
    siteId: 'plant-north',
    assetId: 'fan-2',
    source: 'rule',
    ruleOrModel: 'vib-1x-high',
    version: '3',
    failureMode,
    severity: 'warning',
    state: 'open',
    openedAt: observedAt,
    observedAt,
    score: 3.9,
    threshold: 3.5,
    evidence: { vibration_1x: points },
  });
}

function readings(until: number): Record<string, [number, number][]> {
  const vibration: [number, number][] = [];
  const temperature: [number, number][] = [];
  const start = Math.floor((until - 48 * HOUR) / MINUTE) * MINUTE;
  for (let t = start, i = 0; t <= until; t += MINUTE, i++) {
    const wear = Math.max(0, (t - (until - 30 * HOUR)) / (30 * HOUR)) ** 2;
    const noise = (((i * 7919) % 97) / 97 - 0.5) * 0.25;
    vibration.push([t, round(2.1 + wear * 3.4 + noise + Math.sin(i / 45) * 0.15)]);
    temperature.push([t, round(58 + wear * 14 + Math.sin(i / 720) * 1.5)]);
  }
  return { vibration_rms: vibration, bearing_temp: temperature };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Posts the alerts as the gateway, with its API key, over the HTTP uplink. */
export async function postAlerts(plant: Plant, alerts: Alert[]): Promise<string> {
  let workOrderId = '';
  for (const alert of alerts) {
    const res = await plant.api('POST', '/alerts', alert, GATEWAY.key);
    if (res.status !== 200) throw new Error(`alert rejected: ${JSON.stringify(res.body)}`);
    workOrderId = res.body.workOrderId;
  }
  return workOrderId;
}

async function expectOk(call: Promise<{ status: number; body: unknown }>): Promise<void> {
  const res = await call;
  if (res.status >= 300) throw new Error(`seeding failed (${res.status}): ${JSON.stringify(res.body)}`);
}
