import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { me } from '../scope.js';

/** GET /api/events: Server-Sent Events of the staff member's centre (src/staff-api/events.ts). */
export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/events', { schema: { tags: ['events'], summary: 'Live events of my centre (text/event-stream)' } }, async (req, reply) => {
    const staff = me(req);
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    app.inboxEvents.attach(reply.raw, { centreId: staff.centreId, sessionId: staff.sessionId });
  });
};
