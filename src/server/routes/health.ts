import type { FastifyPluginAsync } from 'fastify';
import { pendingMigrations } from '../../db/migrate.js';
import { reason } from '../../db/client.js';

/**
 * /healthz: the process is up (for restarts by a supervisor).
 * /readyz: the database answers, every migration is applied, content is loaded and, on
 * PostgreSQL, the live-events listener is connected (a replica deaf to the others would leave
 * its citizens' sockets and staff streams behind); for a load balancer deciding whether to
 * send traffic here.
 */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  app.get('/readyz', { logLevel: 'warn' }, async (_req, reply) => {
    const checks: Record<string, string> = {};
    let ready = true;
    try {
      const pending = await pendingMigrations(app.db);
      checks.database = 'ok';
      checks.migrations = pending.length === 0 ? 'ok' : `pending: ${pending.join(', ')}`;
      if (pending.length > 0) ready = false;
    } catch (err) {
      checks.database = `unreachable: ${reason(err)}`;
      ready = false;
    }
    const centres = app.content.centres.size;
    checks.content = centres > 0 ? `ok (${centres} centres)` : 'no centres loaded';
    if (centres === 0) ready = false;
    // PostgreSQL: the LISTEN connection that brings other replicas' live events (null on SQLite).
    const realtime = app.hasDecorator('realtime') ? app.realtime : null;
    if (realtime) {
      const { ok, detail } = realtime.health;
      checks.realtime = detail;
      if (!ok) ready = false;
    }
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
};
