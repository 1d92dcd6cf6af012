import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { StartupError } from '../config/errors.js';
import { isDatabaseUnavailable, reason } from '../db/client.js';
import { createRateCounter, rateLimitStore } from '../server/rate-counter.js';
import { defaultContentDir } from '../content/load.js';
import { findSession, SESSION_COOKIE } from './auth/sessions.js';
import { syncCannedResponses } from './canned.js';
import { InboxEventHub } from './events.js';
import { ApiProblem, problem, sendProblem } from './problems.js';
import { loginRoutes, type LoginRateLimit } from './routes/login.js';
import { staffRoutes } from './routes/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The staff API's live feed (SSE). */
    inboxEvents: InboxEventHub;
    /** Every route of the staff API (method and URL), for the isolation test and the docs. */
    staffApiRoutes: { method: string; url: string; public: boolean; body: boolean }[];
  }
  interface FastifyContextConfig {
    /** A staff API route reachable without a session (login, docs). */
    public?: boolean;
  }
}

export interface StaffApiOptions {
  contentDir?: string | undefined;
  /** Login attempts per client address and email (default 10 per 15 minutes). */
  loginRate?: LoginRateLimit;
  /** SSE heartbeat (default 15 s). */
  heartbeatMs?: number;
}

/** The token of a request: the session cookie (browsers, EventSource) or `Authorization: Bearer`. */
function tokenOf(req: { headers: Record<string, string | string[] | undefined>; cookies: Record<string, string | undefined> }): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim() || null;
  return req.cookies[SESSION_COOKIE] ?? null;
}

/** Everything under /api, encapsulated: its validator, error handler and docs stay here. */
const staffApi: FastifyPluginAsync<StaffApiOptions & { routes: FastifyInstance['staffApiRoutes'] }> = async (app, opts) => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('staffPrincipal', null);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') opts.routes.push({ method, url: route.url, public: route.config?.public === true || route.url.startsWith('/api/docs'), body: route.schema?.body !== undefined });
  });

  await app.register(cookie);
  // preHandler: the login limit keys on the email, so the body must be parsed first. Counted
  // in the database on PostgreSQL, so attempts spread over replicas meet one limit.
  await app.register(rateLimit, { global: false, hook: 'preHandler', store: rateLimitStore(createRateCounter(app.db), 'staff') });
  await app.register(swagger, {
    openapi: {
      info: { title: 'kentro staff API', version: '1', description: 'The staff inbox API of kentro (src/staff-api/README.md).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof ApiProblem) return sendProblem(reply, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({ path: v.instancePath, message: v.message }));
      return sendProblem(reply, problem(400, 'invalid-request', `invalid ${err.validationContext ?? 'request'}`, { issues }));
    }
    const status = typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
    if (status === 429) return sendProblem(reply, problem(429, 'rate-limited', 'too many attempts; wait and try again'));
    if (status >= 400 && status < 500) return sendProblem(reply, problem(status, 'invalid-request', (err as Error).message));
    if (isDatabaseUnavailable(err)) {
      reply.log.warn({ reason: reason(err) }, 'staff api: database unavailable');
      return sendProblem(reply.header('retry-after', '5'), problem(503, 'unavailable', 'the database is briefly unavailable; try again in a few seconds'));
    }
    reply.log.error({ err }, 'staff api: unexpected error');
    return sendProblem(reply, problem(500, 'internal', 'something went wrong'));
  });
  app.setNotFoundHandler((_req, reply) => sendProblem(reply, problem(404, 'not-found', 'no such route')));

  const hub = new InboxEventHub(app.db, app.core, opts.heartbeatMs);
  app.decorate('inboxEvents', hub);
  app.addHook('preClose', async () => hub.close());

  await app.register(loginRoutes, { prefix: '/api', rate: opts.loginRate ?? { max: 10, timeWindow: 15 * 60_000 } });
  // The authenticated routes: a session, then each route file (one line each in routes/index.ts).
  await app.register(
    async (secured) => {
      secured.addHook('onRequest', async (req) => {
        const token = tokenOf(req);
        const principal = token ? await findSession(app.db.prisma, token) : null;
        if (!principal) throw problem(401, 'unauthenticated', 'log in first');
        req.staffPrincipal = principal;
      });
      for (const routes of staffRoutes) await secured.register(routes);
    },
    { prefix: '/api' },
  );

  // Global canned responses from content/, while the app is built (before workers start; a bad
  // file stops start-up). A database not migrated yet (readyz says so) is not an error here.
  try {
    await syncCannedResponses(app.db.prisma, opts.contentDir ?? defaultContentDir());
  } catch (err) {
    if (err instanceof StartupError) throw err;
    app.log.warn({ err }, 'staff api: canned responses not synced');
  }
};

/**
 * The staff inbox API under /api (src/staff-api/README.md): authentication, centre scoping,
 * conversations and handoff actions, canned responses, referrals, live events, OpenAPI docs.
 */
export const staffApiPlugin = fp<StaffApiOptions>(
  async (app, opts) => {
    const routes: FastifyInstance['staffApiRoutes'] = [];
    app.decorate('staffApiRoutes', routes);
    await app.register(staffApi, { ...opts, routes });
  },
  { name: 'staff-api', dependencies: ['db', 'core'] },
);
