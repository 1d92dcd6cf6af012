import fp from 'fastify-plugin';
import { reason } from '../db/client.js';
import { createMetrics, type Metrics } from './metrics.js';
import { clearQueueGauges, readQueues, setQueueGauges } from './queues.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

/**
 * GET /metrics in Prometheus text format: message counters fed by the conversation core,
 * NLU latency, and the queues (outbox, staff queue, jobs) read from the database per scrape.
 * It carries counts only, never personal data; keep it off the public address all the same
 * (deploy/Caddyfile answers 404 for it outside).
 */
export const metricsPlugin = fp(
  async (app) => {
    const metrics = createMetrics();
    app.decorate('metrics', metrics);
    app.core.observer = metrics.observer;
    // Every channel's series from the start (at 0), so rate() sees the first message too.
    app.addHook('onReady', async () => {
      const inboxes = await app.db.prisma.inbox.findMany({ distinct: ['channel'], select: { channel: true } }).catch(() => []);
      for (const { channel } of inboxes) for (const direction of ['in', 'out']) metrics.messages.inc({ channel, direction }, 0);
    });
    app.get('/metrics', { logLevel: 'warn' }, async (_req, reply) => {
      try {
        setQueueGauges(metrics, await readQueues(app.db.prisma));
        metrics.databaseUp.set(1);
      } catch (err) {
        // The process figures and counters are still worth a scrape when the database is away.
        metrics.databaseUp.set(0);
        clearQueueGauges(metrics);
        app.log.warn(`metrics: the queue gauges could not be read: ${reason(err)}`);
      }
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  },
  { name: 'metrics', dependencies: ['db', 'core'] },
);
