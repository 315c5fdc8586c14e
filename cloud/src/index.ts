// Public surface of @pdm/cloud.
export { type BuildAppOptions, buildApp } from './app.js';
export {
  type CloudConfig,
  type CloudConfigInput,
  CloudConfigSchema,
  ENV_VARS,
  loadCloudConfig,
} from './config.js';
export { createServiceContext } from './context-factory.js';
export type { Database, Db } from './db/database.js';
export { openDatabase } from './db/open.js';
export { routePlugins } from './http/routes/index.js';
export { COMMON_ERRORS } from './http/routes/schemas.js';
export { type AppDeps, type IngestCounters, newCounters, type RouteAccess } from './http/types.js';
export type { ZodTypeProvider } from './http/zod-provider.js';
export type { Actor, Role, ServiceContext } from './services/context.js';
export { type CloudService, startCloud } from './start.js';
