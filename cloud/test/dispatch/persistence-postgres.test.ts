import { afterAll, beforeAll, describe } from 'vitest';
import { pgAvailable, pgDatabases } from '../support/pg.js';
import { dispatchPersistenceContract } from './persistence-contract.js';

const enabled = await pgAvailable();

describe.runIf(enabled)('PostgreSQL', () => {
  let dbs: Awaited<ReturnType<typeof pgDatabases>>;
  beforeAll(async () => {
    dbs = await pgDatabases();
  });
  afterAll(async () => dbs?.dispose());
  dispatchPersistenceContract('PostgreSQL', async () => (await dbs.fresh()).db);
});
