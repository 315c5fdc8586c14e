// Every route plugin of the API, in registration order. Add a feature's routes with one line here
// (or pass extra plugins to buildApp). Each plugin declares `config.access` on every route.
import type { FastifyPluginAsync } from 'fastify';
import { webConsolePlugin } from '../../web/plugin.js';
import { adminRoutes } from './admin.js';
import { alertRoutes } from './alerts.js';
import { authRoutes } from './auth.js';
import { dispatchFeatureRoutes } from './dispatch-feature.js';
import { jobPlanRoutes } from './job-plans.js';
import { metaRoutes } from './meta.js';
import { workOrderWriteRoutes } from './work-order-writes.js';
import { workOrderReadRoutes } from './work-orders.js';

export const routePlugins: FastifyPluginAsync[] = [
  metaRoutes,
  authRoutes,
  alertRoutes,
  workOrderReadRoutes,
  workOrderWriteRoutes,
  jobPlanRoutes,
  dispatchFeatureRoutes,
  adminRoutes,
  webConsolePlugin,
];

export type { ZodTypeProvider } from '../zod-provider.js';
export { COMMON_ERRORS } from './schemas.js';
