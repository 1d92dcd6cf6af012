import fp from 'fastify-plugin';
import type { Env } from '../config/env.js';
import { exportContact } from './export.js';
import { ERASE_JOB, PURGE_JOB, eraseHandler, purgeHandler, schedulePurge } from './jobs.js';
import { EXPORT_PATH, exportKey, verifyExportToken } from './link.js';
import { retentionFromEnv } from './retention.js';

/**
 * App plugin: the citizen's data rights. Registers the erasure and daily purge jobs, queues the
 * next purge when the app is ready, and serves the JSON download behind the signed links the
 * privacy flow gives (GET /privacy/export?t=…).
 */
export const privacyPlugin = fp<{ env: Env }>(
  async (app, { env }) => {
    const retention = retentionFromEnv(env);
    app.jobs.register(ERASE_JOB, eraseHandler(app.db));
    app.jobs.register(PURGE_JOB, purgeHandler(app.db, retention));
    // Citizens are told the periods of content/privacy/notice.yaml: say so when the purge differs.
    const told = app.content.privacy?.retention;
    if (told && (told.conversationsMonths !== retention.conversationMonths || told.closedCasesYears !== retention.closedCaseYears)) {
      app.log.warn({ notice: told, purge: { conversationMonths: retention.conversationMonths, closedCaseYears: retention.closedCaseYears } }, 'the privacy notice states other retention periods than RETENTION_* settings');
    }
    // Queued once the database answers: a database still being migrated must not stop start-up
    // (readiness reports it), so a failed attempt is tried again a minute later.
    let retry: NodeJS.Timeout | undefined;
    const scheduleNext = (): void => {
      schedulePurge(app.db).catch((err: unknown) => {
        app.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not queue the retention purge yet; trying again in a minute');
        retry = setTimeout(scheduleNext, 60_000);
        retry.unref();
      });
    };
    app.addHook('onReady', async () => scheduleNext());
    app.addHook('onClose', async () => clearTimeout(retry));

    // The token travels in the query (JWTs are longer than the router's 100-character path parameters).
    app.get<{ Querystring: { t?: string } }>(
      EXPORT_PATH,
      { schema: { querystring: { type: 'object', properties: { t: { type: 'string', maxLength: 2000 } } } } },
      async (req, reply) => {
        reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
        const contactId = req.query.t ? await verifyExportToken(await exportKey(app.db.prisma), req.query.t) : null;
        const data = contactId ? await exportContact(app.db, contactId, { type: 'contact' }) : null;
        if (!data) {
          return reply
            .code(404)
            .type('application/problem+json')
            .send({ type: 'urn:kentro:problem:invalid-link', title: 'This link has expired or is not valid. Ask for a new one in the chat.', status: 404 });
        }
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', 'attachment; filename="kentro-my-data.json"')
          .send(JSON.stringify(data, null, 2));
      },
    );
  },
  { name: 'privacy', dependencies: ['db', 'content', 'jobs'] },
);
