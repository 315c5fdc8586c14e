// Dispatch, technicians, parts and close-out routes as one plugin, listed once in index.ts.
import type { FastifyPluginAsync } from 'fastify';
import { closeOutRoutes } from './closeout.js';
import { dispatchRoutes } from './dispatch.js';
import { partRoutes } from './parts.js';
import { technicianRoutes } from './technicians.js';

export const dispatchFeatureRoutes: FastifyPluginAsync = async (app) => {
  await app.register(dispatchRoutes);
  await app.register(technicianRoutes);
  await app.register(partRoutes);
  await app.register(closeOutRoutes);
};
