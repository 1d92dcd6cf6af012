import Fastify, { type FastifyInstance } from 'fastify';
import type { Content } from '../content/load.js';
import type { Db } from '../db/client.js';
import type { Env } from '../config/env.js';
import { loggerOptions } from './logger.js';
import { dbPlugin } from './plugins/db.js';
import { contentPlugin } from './plugins/content.js';
import { corePlugin } from './plugins/core.js';
import { healthRoutes } from './routes/health.js';
import { staffApiPlugin, type StaffApiOptions } from '../staff-api/plugin.js';
import { inboxPlugin } from './plugins/inbox.js';
import { webchatPlugin } from '../bot/channels/webchat/plugin.js';
import { outboxPlugin } from '../bot/outbox/plugin.js';
import type { OutboxOptions } from '../bot/outbox/worker.js';
import { telegramPlugin } from '../bot/channels/telegram/plugin.js';
import { viberPlugin } from '../bot/channels/viber/plugin.js';
import { azurePlugin } from '../bot/channels/azure/plugin.js';
import { jobsPlugin } from '../jobs/plugin.js';
import { appointmentsPlugin } from '../appointments/plugin.js';
import type { JobWorkerOptions } from '../jobs/worker.js';
import { privacyPlugin } from '../privacy/plugin.js';
import { privacyConfigFromEnv } from '../privacy/config.js';
import { realtimePlugin } from '../realtime/plugin.js';
import { metricsPlugin } from '../metrics/plugin.js';
import { learningPlugin } from '../nlu/learn/plugin.js';
import { projectPath } from '../config/paths.js';

export interface AppDeps {
  env: Env;
  db: Db;
  content: Content;
  /** Outbox worker timings (tests shorten the backoff). */
  outbox?: OutboxOptions;
  /** Job worker timings (tests poll faster). */
  jobs?: JobWorkerOptions;
  /** Staff API settings (tests lower the login rate limit). */
  staffApi?: StaffApiOptions;
}

/**
 * Builds the HTTP app without listening (tests use `app.inject`). Order: external plugins
 * (database) → app plugins (content, domain services) → routes.
 */
export async function buildApp({ env, db, content, outbox, jobs, staffApi }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(env.LOG_LEVEL),
    bodyLimit: 1024 * 1024,
    // Client addresses (rate limits) and https detection come from X-Forwarded-* only when
    // the proxy is trusted: the local one by default, TRUST_PROXY for others.
    trustProxy: env.TRUST_PROXY,
  });
  await app.register(dbPlugin, { db });
  await app.register(contentPlugin, { content });
  await app.register(corePlugin, { contentDir: env.CONTENT_DIR, privacy: privacyConfigFromEnv(env) });
  await app.register(outboxPlugin, outbox ?? {});
  await app.register(jobsPlugin, jobs ?? {});
  await app.register(appointmentsPlugin, { contentDir: env.CONTENT_DIR });
  // Each channel is on when its token is set.
  await app.register(telegramPlugin, { env });
  await app.register(viberPlugin, { env });
  await app.register(azurePlugin, { env });
  await app.register(webchatPlugin, {
    secret: env.KENTRO_SECRET,
    messageRate: { max: env.WEBCHAT_RATE_MESSAGES, windowMs: 10_000 },
    startRate: { max: env.WEBCHAT_RATE_STARTS, windowMs: 60_000 },
  });
  await app.register(privacyPlugin, { env });
  await app.register(learningPlugin, { retrain: env.NLU_RETRAIN === 'on', cacheDir: env.NLU_MODEL_DIR ?? projectPath('generated', 'nlu', 'learned') });
  await app.register(healthRoutes);
  await app.register(metricsPlugin);
  await app.register(staffApiPlugin, { contentDir: env.CONTENT_DIR, ...staffApi });
  await app.register(inboxPlugin);
  await app.register(realtimePlugin);
  return app;
}
