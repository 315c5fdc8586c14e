// zod schemas on fastify routes: request validation, response serialisation (validated too) and
// JSON Schema for the OpenAPI document, all from the same zod objects.
import { AppError, fieldIssues } from '@pdm/shared';
import type { FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** Request parts are parsed by their zod schema; a failure names every field (400 VALIDATION_FAILED). */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const issues = fieldIssues(result.error).map((i) => ({
      ...i,
      path: `${httpPart ?? 'request'}.${i.path}`,
    }));
    const summary = issues
      .slice(0, 3)
      .map((i) => `${i.path}: ${i.message}`)
      .join('; ');
    return {
      error: new AppError('VALIDATION_FAILED', `invalid ${httpPart ?? 'request'}: ${summary}`, { issues }),
    };
  };

/** Responses are checked against their schema before they leave: a mismatch is our bug, a 500. */
export const zodSerializerCompiler: FastifySerializerCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (!result.success)
      throw new Error(
        `response does not match its schema: ${JSON.stringify(fieldIssues(result.error).slice(0, 3))}`,
      );
    return JSON.stringify(result.data);
  };

function toJsonSchema(schema: unknown, io: 'input' | 'output'): unknown {
  if (!(schema instanceof z.ZodType)) return schema;
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });
}

/** For @fastify/swagger: turn each route's zod schemas into JSON Schema. */
export function zodSwaggerTransform({
  schema,
  url,
}: {
  schema: Record<string, unknown> | undefined;
  url: string;
}) {
  if (!schema) return { schema: {}, url };
  const out: Record<string, unknown> = { ...schema };
  for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
    if (schema[part]) out[part] = toJsonSchema(schema[part], 'input');
  }
  const response = schema.response as Record<string, unknown> | undefined;
  if (response) {
    out.response = Object.fromEntries(
      Object.entries(response).map(([code, s]) => [code, toJsonSchema(s, 'output')]),
    );
  }
  return { schema: out, url };
}
