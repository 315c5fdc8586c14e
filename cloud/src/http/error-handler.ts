import { AppError, ERROR_STATUS, type ErrorCode } from '@pdm/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBusy } from '../db/database.js';
import { recordAudit } from '../services/record-audit.js';

/** fastify's own 4xx errors, mapped onto our codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
};

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const fe = err as Partial<FastifyError> & { statusCode?: number };
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return new AppError(mapped, fe.message ?? mapped);
  if (fe.statusCode === 415)
    return new AppError('UNSUPPORTED_MEDIA_TYPE', fe.message ?? 'unsupported media type');
  if (fe.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE', fe.message ?? 'payload too large');
  if (fe.statusCode === 400) {
    // JSON syntax errors and prototype poisoning (`__proto__`) end here.
    return new AppError('VALIDATION_FAILED', `invalid request body: ${fe.message ?? 'malformed'}`, {
      issues: [{ path: 'body', message: fe.message ?? 'malformed' }],
    });
  }
  if (isBusy(err)) return new AppError('UNAVAILABLE', 'the database is busy; retry shortly');
  return new AppError('INTERNAL', 'internal error');
}

/** One error handler: stable codes, no stack traces, denials audited, 5xx logged with context. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(err);
    const status = ERROR_STATUS[appError.code];
    if (status >= 500) request.log.error({ err, code: appError.code }, 'request failed');
    if (status === 401 || status === 403) await auditDenial(app, request, appError);
    if (appError.code === 'UNAVAILABLE') reply.header('retry-after', '1');
    return reply.code(status).type('application/json').send(JSON.stringify(appError.toBody()));
  });
  app.setNotFoundHandler(async (request, reply) => {
    const body = new AppError(
      'NOT_FOUND',
      `no route ${request.method} ${request.url.split('?')[0]}`,
    ).toBody();
    return reply.code(404).type('application/json').send(JSON.stringify(body));
  });
}

async function auditDenial(app: FastifyInstance, request: FastifyRequest, error: AppError): Promise<void> {
  const actor = request.actor;
  try {
    await recordAudit({
      ctx: app.cloud.ctx,
      input: {
        actor: actor?.id ?? `anonymous@${request.ip}`,
        role: actor?.role ?? null,
        action: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
        target: request.url.slice(0, 200),
        outcome: 'denied',
        reason: `${error.code}: ${error.message}`.slice(0, 500),
      },
    });
  } catch (auditErr) {
    request.log.error({ err: auditErr }, 'could not audit a denial');
  }
}
