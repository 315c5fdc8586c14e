import { openTestDatabase } from '../support/harness.js';
import { workOrderContract } from './contract.js';

workOrderContract('SQLite', () => openTestDatabase(':memory:'));
