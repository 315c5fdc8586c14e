import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

describe('OpenAPI document', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it('is served without credentials and documents every API route with its schemas', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const apiRoutes = h.app.printRoutes({ commonPrefix: false });
    for (const path of [
      '/api/v1/work-orders',
      '/api/v1/work-orders/{id}',
      '/api/v1/work-orders/{id}/transitions',
      '/api/v1/alerts',
      '/api/v1/auth/login',
      '/api/v1/job-plans/{id}',
    ]) {
      expect(doc.paths[path], `${path} in ${apiRoutes}`).toBeDefined();
    }
    const list = doc.paths['/api/v1/work-orders'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'siteId', 'assetId', 'priority', 'dueBefore', 'limit', 'cursor']),
    );
    const alertBody = doc.paths['/api/v1/alerts'].post.requestBody.content['application/json'].schema;
    expect(alertBody.required).toEqual(expect.arrayContaining(['id', 'gatewayId', 'evidence']));
    expect(alertBody.additionalProperties).toBe(false);
    expect(doc.paths['/api/v1/work-orders/{id}'].get.responses['200']).toBeDefined();
  });
});
