import { AlertSchema, AppError } from '@pdm/shared';
import type { FastifyPluginAsync } from 'fastify';
import { acceptAlert, rejectMessage } from '../../ingest/alert-intake.js';
import type { ZodTypeProvider } from '../zod-provider.js';
import { COMMON_ERRORS, IngestResultSchema } from './schemas.js';

/** `POST /api/v1/alerts`: the HTTP uplink of gateways; idempotent by alert id. */
export const alertRoutes: FastifyPluginAsync = async (app) => {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/alerts',
    {
      config: { access: ['gateway'] },
      attachValidation: true,
      schema: {
        tags: ['alerts'],
        summary: 'Ingest one alert (replays return the stored result)',
        body: AlertSchema,
        response: { 200: IngestResultSchema, ...COMMON_ERRORS },
      },
    },
    async (request) => {
      const deps = { ...app.cloud, logger: request.log };
      if (request.validationError) {
        const raw = JSON.stringify(request.body ?? null) ?? 'null';
        await rejectMessage(deps, {
          source: 'http',
          topic: null,
          reason: request.validationError.message,
          payload: raw,
        });
        throw request.validationError;
      }
      const alert = request.body;
      const actor = request.actor!;
      if (alert.gatewayId !== actor.id) {
        throw new AppError(
          'FORBIDDEN',
          `gateway ${actor.id} may not post alerts as gateway ${alert.gatewayId}`,
          {
            issues: [{ path: 'body.gatewayId', message: 'must be the calling gateway' }],
          },
        );
      }
      const { created: _created, ...result } = await acceptAlert(deps, alert);
      return result;
    },
  );
};
