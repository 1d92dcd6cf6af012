import type { FastifyPluginAsync } from 'fastify';
import { pendingMigrations } from '../../db/migrate.js';
import { reason } from '../../db/client.js';

/**
 * /healthz: the process is up (for restarts by a supervisor).
 * /readyz: the database answers, every migration is applied and content is loaded
 * (for a load balancer deciding whether to send traffic here).
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
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
};
