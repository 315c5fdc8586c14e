import { openTestDatabase } from '../support/harness.js';
import { dispatchPersistenceContract } from './persistence-contract.js';

dispatchPersistenceContract('SQLite', () => openTestDatabase(':memory:'));
