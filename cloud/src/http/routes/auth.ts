import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ROLES } from '../../services/context.js';
import { login } from '../../services/login.js';
import type { ZodTypeProvider } from '../zod-provider.js';
import { COMMON_ERRORS } from './schemas.js';

const LoginBodySchema = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) })
  .strict();
const LoginResponseSchema = z.object({
  token: z.string(),
  role: z.enum(ROLES as ['admin', 'planner', 'technician', 'gateway']),
  expiresAt: z.number().int(),
});

export const authRoutes: FastifyPluginAsync = async (app) => {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/auth/login',
    {
      config: { access: 'public', rateLimit: 'login' },
      schema: {
        tags: ['auth'],
        summary: 'Exchange a username and password for a bearer token',
        security: [],
        body: LoginBodySchema,
        response: { 200: LoginResponseSchema, ...COMMON_ERRORS },
      },
    },
    async (request) =>
      login({ ctx: app.cloud.ctx, input: { ...request.body, ttlMs: app.cloud.config.http.tokenTtlMs } }),
  );
};
