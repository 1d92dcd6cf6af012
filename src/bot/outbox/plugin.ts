import fp from 'fastify-plugin';
import { OutboxWorker, type OutboxOptions } from './worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    outbox: OutboxWorker;
  }
}

/**
 * App plugin: the outbox worker. Channel plugins register their senders with `app.outbox`
 * while the app is built; the worker starts when the app is ready (only if some channel
 * pushes) and, on close, finishes the sends in flight before the database closes.
 */
export const outboxPlugin = fp<OutboxOptions>(
  async (app, options) => {
    const worker = new OutboxWorker(app.db, app.log.child({ component: 'outbox' }), options);
    app.decorate('outbox', worker);
    app.core.onOutbox = () => worker.wake();
    app.addHook('onReady', async () => worker.start());
    app.addHook('onClose', async () => worker.stop());
  },
  { name: 'outbox', dependencies: ['db', 'core'] },
);
