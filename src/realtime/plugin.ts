import fp from 'fastify-plugin';
import { BusBridge, type BridgeOptions } from './bridge.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The cross-replica bridge of the live feeds; null on SQLite (one process, nothing to fan out). */
    realtime: BusBridge | null;
  }
}

/**
 * App plugin: on PostgreSQL, fans live events (new messages, status changes, inbox events) out
 * to every replica with LISTEN/NOTIFY, so a citizen's web chat socket and a social worker's
 * event stream hear what any replica did. Registered after the channels and the staff API.
 */
export const realtimePlugin = fp<BridgeOptions>(
  async (app, options) => {
    if (app.db.provider !== 'postgresql') {
      app.decorate('realtime', null);
      return;
    }
    const bridge = new BusBridge(app.db, app.core, app.log, options);
    app.decorate('realtime', bridge);
    // Listening before the app serves, so no event of another replica is missed from the start;
    // a PostgreSQL that does not answer yet only delays it (the listener keeps trying).
    await bridge.ready();
    app.addHook('preClose', async () => bridge.close());
  },
  { name: 'realtime', dependencies: ['db', 'core'] },
);
