import type { Logger } from 'pino';
import type { CloudConfig } from '../config.js';
import type { Actor, Role, ServiceContext } from '../services/context.js';

/** What the HTTP layer is built from (the composition root provides it). */
export interface AppDeps {
  ctx: ServiceContext;
  config: CloudConfig;
  logger: Logger;
  /** Ingest counters shared with the MQTT transport. */
  counters: IngestCounters;
}

export interface IngestCounters {
  alertsReceived: number;
  alertsDuplicate: number;
  alertsRejected: number;
  workOrders: number;
}

export function newCounters(): IngestCounters {
  return { alertsReceived: 0, alertsDuplicate: 0, alertsRejected: 0, workOrders: 0 };
}

/** Who may call a route: listed roles, or `public` for login and the OpenAPI document. */
export type RouteAccess = readonly Role[] | 'public';

declare module 'fastify' {
  interface FastifyInstance {
    cloud: AppDeps;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Rate-limit bucket for this route, when stricter than the default (e.g. login). */
    rateLimit?: 'login';
  }
}
