// Builds the real application for tests: real migrations on SQLite in memory (or PostgreSQL),
// inject() instead of a socket, a manual clock, and ready-made users per role.
import { ManualClock } from '@pdm/shared';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { type CloudConfigInput, loadCloudConfig } from '../../src/config.js';
import { createServiceContext } from '../../src/context-factory.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { type IngestCounters, newCounters } from '../../src/http/types.js';
import { hashPassword } from '../../src/security/secrets.js';
import { bootstrap } from '../../src/services/bootstrap.js';
import type { Role, ServiceContext } from '../../src/services/context.js';
import { T0 } from './fixtures.js';

export const ADMIN_PASSWORD = 'admin-password-1';
export const GATEWAY_KEY = 'gateway-key-for-gw-1-0123456789';
export const OTHER_GATEWAY_KEY = 'gateway-key-for-gw-2-0123456789';

export interface Harness {
  app: FastifyInstance;
  ctx: ServiceContext;
  db: Database;
  clock: ManualClock;
  counters: IngestCounters;
  /** Logs in (creating the user first if needed) and returns the Authorization header. */
  auth(role: Role | 'gateway2', username?: string): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export async function openTestDatabase(url = ':memory:'): Promise<Database> {
  return openDatabase({ databaseUrl: url, dataDir: '/nonexistent' });
}

export async function createHarness(
  options: { db?: Database; config?: Partial<CloudConfigInput> } = {},
): Promise<Harness> {
  const clock = new ManualClock(T0);
  const config = loadCloudConfig(
    {},
    {
      databaseUrl: ':memory:',
      logLevel: 'silent',
      bootstrap: {
        adminPassword: ADMIN_PASSWORD,
        gatewayKeys: [
          { gatewayId: 'gw-1', key: GATEWAY_KEY },
          { gatewayId: 'gw-2', key: OTHER_GATEWAY_KEY },
        ],
      },
      ...options.config,
    },
  );
  const db = options.db ?? (await openTestDatabase());
  const ctx = createServiceContext({ db, clock, config });
  await bootstrap({ ctx, input: config.bootstrap });
  const counters = newCounters();
  const app = await buildApp({ ctx, config, logger: pino({ level: 'silent' }), counters });
  const tokens = new Map<string, { token: string; expiresAt: number }>();
  const auth: Harness['auth'] = async (role, username) => {
    if (role === 'gateway') return { authorization: `Bearer ${GATEWAY_KEY}` };
    if (role === 'gateway2') return { authorization: `Bearer ${OTHER_GATEWAY_KEY}` };
    const user = username ?? (role === 'admin' ? 'admin' : `${role}-1`);
    const cached = tokens.get(user);
    if (cached && cached.expiresAt > clock.now()) return { authorization: `Bearer ${cached.token}` };
    if (user !== 'admin' && !cached) await createUser(ctx, { id: user, role, password: `${user}-password` });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user, password: user === 'admin' ? ADMIN_PASSWORD : `${user}-password` },
    });
    if (res.statusCode !== 200) throw new Error(`login ${user} failed: ${res.body}`);
    const { token, expiresAt } = res.json() as { token: string; expiresAt: number };
    tokens.set(user, { token, expiresAt });
    return { authorization: `Bearer ${token}` };
  };
  return {
    app,
    ctx,
    db,
    clock,
    counters,
    auth,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

async function createUser(
  ctx: ServiceContext,
  user: { id: string; role: Role; password: string },
): Promise<void> {
  const passwordHash = await hashPassword(user.password);
  await ctx.db.tx(async (tx) => {
    await tx
      .insert(ctx.db.t.users)
      .values({
        id: user.id,
        passwordHash,
        role: user.role,
        displayName: user.id,
        disabled: false,
        createdAt: ctx.clock.now(),
      })
      .onConflictDoNothing();
  });
}
