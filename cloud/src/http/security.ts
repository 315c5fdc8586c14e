import { AppError } from '@pdm/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashSecret } from '../security/secrets.js';
import type { Actor, ServiceContext } from '../services/context.js';
import { resolveCredential } from '../services/resolve-credential.js';
import { CredentialCache } from './credential-cache.js';
import { RateLimiter } from './rate-limit.js';

/** The credential a request carries: `Authorization: Bearer <token or key>` or `X-API-Key: <key>`. */
export function credentialOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S{1,256})$/i.exec(header.trim());
    return match ? (match[1] as string) : null;
  }
  const key = request.headers['x-api-key'];
  return typeof key === 'string' && key.length > 0 && key.length <= 256 ? key : null;
}

/**
 * Secure by default: every route must declare who may call it; requests are rate limited per
 * credential (or address), authenticated and checked against the route's roles before the body
 * is even parsed.
 */
export function installSecurity(app: FastifyInstance): void {
  const { config, ctx } = app.cloud;
  const limits = { windowMs: config.http.rateLimitWindowMs };
  const general = new RateLimiter(ctx.clock, { ...limits, max: config.http.rateLimitMax });
  const login = new RateLimiter(ctx.clock, { ...limits, max: config.http.loginRateLimitMax });
  const cache = new CredentialCache(ctx.clock, { ttlMs: 5_000, maxEntries: 10_000 });

  app.addHook('onRoute', (route) => {
    if (route.method === 'HEAD') return;
    if (!route.config?.access) throw new Error(`route ${route.method} ${route.url} declares no access`);
  });
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (!access) return; // 404s
    const credential = credentialOf(request);
    const limiter = request.routeOptions.config.rateLimit === 'login' ? login : general;
    const hash = credential ? hashSecret(credential) : null;
    const retryAfter = limiter.take(hash ? `c:${hash}` : `ip:${request.ip}`);
    if (retryAfter > 0) {
      reply.header('retry-after', String(retryAfter));
      throw new AppError('RATE_LIMITED', `too many requests; retry in ${retryAfter} s`, {
        retryAfterSeconds: retryAfter,
      });
    }
    if (access === 'public') return;
    request.actor = credential && hash ? await authenticate(ctx, cache, { credential, hash }) : null;
    if (!request.actor) {
      throw new AppError(
        'UNAUTHENTICATED',
        credential
          ? 'invalid or expired credentials'
          : 'missing credentials: send Authorization: Bearer <token>',
      );
    }
    if (!access.includes(request.actor.role)) {
      throw new AppError(
        'FORBIDDEN',
        `role ${request.actor.role} may not call ${request.method} ${request.routeOptions.url}`,
        {
          allowedRoles: access,
        },
      );
    }
  });
}

async function authenticate(
  ctx: ServiceContext,
  cache: CredentialCache,
  input: { credential: string; hash: string },
): Promise<Actor | null> {
  const cached = cache.get(input.hash);
  if (cached) return cached;
  const resolved = await resolveCredential({ ctx, input: { secret: input.credential } });
  if (resolved) cache.set(input.hash, resolved.actor, resolved.expiresAt);
  return resolved?.actor ?? null;
}
