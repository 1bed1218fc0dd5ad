import type { FastifyInstance } from 'fastify';
import type { HttpServices } from '../services.js';
import { registerJobCreate } from './job-create.js';

export function registerTryOnCreate(app: FastifyInstance, services: HttpServices): void {
  registerJobCreate(app, services, {
    url: '/v1/tryon',
    operation: 'tryon',
    summary: 'Submit a try-on job',
    description: 'Dress the person in the garment(s).',
  });
}
