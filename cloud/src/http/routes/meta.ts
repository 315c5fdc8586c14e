import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../zod-provider.js';

export const metaRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) => reply.type('application/json').send(JSON.stringify(app.swagger())),
  );
  r.get(
    '/api/v1/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['meta'],
        security: [],
        response: { 200: z.object({ status: z.literal('ok'), dialect: z.string() }) },
      },
    },
    async () => ({ status: 'ok' as const, dialect: app.cloud.ctx.db.dialect }),
  );
};
