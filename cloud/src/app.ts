// Builds the HTTP application (no listen): the composition root and tests call it with deps.
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { installErrorHandler } from './http/error-handler.js';
import { routePlugins } from './http/routes/index.js';
import { installSecurity } from './http/security.js';
import type { AppDeps } from './http/types.js';
import { zodSerializerCompiler, zodSwaggerTransform, zodValidatorCompiler } from './http/zod-provider.js';

export interface BuildAppOptions {
  /** Extra route plugins (registered after the built-in ones). */
  plugins?: typeof routePlugins;
}

export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: deps.config.http.bodyLimitBytes,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 200 },
  });
  app.decorate('cloud', deps);
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(zodSerializerCompiler);
  // JSON only: anything else is a 415.
  app.removeContentTypeParser(['text/plain']);
  installErrorHandler(app);
  installSecurity(app);
  await app.register(swagger, {
    openapi: {
      info: { title: 'pdm cloud work-order service', version: '1' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    transform: zodSwaggerTransform as never,
  });
  for (const plugin of [...routePlugins, ...(options.plugins ?? [])]) await app.register(plugin);
  return app;
}
