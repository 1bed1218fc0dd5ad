import type { FastifyInstance } from 'fastify';
import type { HttpServices } from '../services.js';
import { registerJobCreate } from './job-create.js';

export function registerRefineCreate(app: FastifyInstance, services: HttpServices): void {
  registerJobCreate(app, services, {
    url: '/v1/refine',
    operation: 'refine',
    summary: 'Refine a coarse try-on',
    description:
      'Given a try-on result (`coarse_image`, from Drape or another service) of these garments on this person, fit ' +
      'and blend the garments onto the person again and return a better image. The person’s own pixels come back ' +
      'outside the garments.',
  });
}
