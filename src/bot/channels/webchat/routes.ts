import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import type { ConversationCore } from '../../core/core.js';
import { inboxId } from '../../../db/sync-content.js';
import { activityId, activitySet, inboundActivitySchema, watermarkSchema, type Watermark } from './activities.js';
import { languageFromLocale } from './locale.js';
import { postNotice } from './notices.js';
import { Problem, problemFromError, sendProblem } from './problems.js';
import { createLimiter, rateLimited, READ_RATE, type RateLimitSettings } from './rate-limit.js';
import type { StreamHub } from './stream-hub.js';
import { bearerToken, type TokenClaims, type TokenService } from './tokens.js';

export const DIRECT_LINE_PREFIX = '/v3/directline';

export interface DirectLineRouteOptions {
  tokens: TokenService;
  hub: StreamHub;
  messageRate: RateLimitSettings;
  startRate: RateLimitSettings;
}

type Conversation = NonNullable<Awaited<ReturnType<ConversationCore['findConversation']>>>;

/** The Web Chat client sends no more than a message; 64 KB leaves room for 4,000 characters of any script. */
const BODY_LIMIT = 64 * 1024;

const idParams = z.object({ id: z.string().min(1).max(128) });
const watermarkQuery = z.looseObject({ watermark: watermarkSchema });
const streamQuery = z.looseObject({ watermark: watermarkSchema, t: z.string().min(1).max(2048) });

/** `{"user":{"id"},"centre":"thira","locale":"ar"}`, every part optional (Web Chat sends `{user:{}}`). */
const startBody = z
  .looseObject({
    user: z.looseObject({ id: z.string().max(256).optional() }).optional(),
    centre: z.string().min(1).max(64).optional(),
    locale: z.string().max(64).optional(),
  })
  .optional();

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new Problem('invalid-request', `${where}${issue.message}`);
}

/**
 * Direct Line 3.0 as the official Web Chat client (botframework-directlinejs) uses it:
 * conversations, activities (post and poll), the WebSocket stream and tokens. Registered in
 * its own encapsulated context, so its JSON parser, CORS headers and problem+json errors apply
 * to /v3/directline only.
 */
export const directLineRoutes: FastifyPluginAsync<DirectLineRouteOptions> = async (app, { tokens, hub, messageRate, startRate }) => {
  const core = app.core;
  const messageLimit = await createLimiter(app, messageRate);
  const startLimit = await createLimiter(app, startRate);
  const readLimit = await createLimiter(app, READ_RATE);

  // Clients post `Content-Type: application/json` with an empty body to start a conversation.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    json(req, text, done);
  });

  // Any site may embed the chat: tokens travel in the Authorization header, never in cookies,
  // so a wildcard origin gives a page nothing it did not already hold.
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', 'retry-after, www-authenticate');
  });
  app.options('/*', async (_req, reply) =>
    reply
      .code(204)
      .header('access-control-allow-methods', 'GET, POST, OPTIONS')
      .header('access-control-allow-headers', 'authorization, content-type, x-ms-bot-agent, x-requested-with')
      .header('access-control-max-age', '86400')
      .send(),
  );

  app.setErrorHandler((err: Error, req, reply) => {
    const problem = problemFromError(err);
    if (problem.status >= 500) req.log.error({ err }, 'webchat request failed');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((_req, reply) => sendProblem(reply, new Problem('not-found')));

  // ── helpers ────────────────────────────────────────────────────────────────────────────

  /**
   * Conversation tokens already verified, by their exact text, until they expire (at most a
   * minute): checking the HMAC of the same token on every message cost ~5% of a message's CPU.
   */
  const verified = new Map<string, { claims: TokenClaims; until: number }>();
  async function verifyConversationToken(token: string): Promise<TokenClaims> {
    const now = Date.now();
    const hit = verified.get(token);
    if (hit && hit.until > now) return hit.claims;
    verified.delete(token);
    const claims = await tokens.verify(token);
    const exp = decodeJwt(token).exp;
    if (typeof exp === 'number') {
      if (verified.size >= 10_000) verified.delete(verified.keys().next().value!);
      verified.set(token, { claims, until: Math.min(exp * 1000, now + 60_000) });
    }
    return claims;
  }

  async function authorize(req: FastifyRequest, conversationId?: string): Promise<TokenClaims> {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new Problem('missing-token', 'Send the token as "Authorization: Bearer <token>".');
    const claims = await verifyConversationToken(token);
    if (conversationId !== undefined && claims.conversationId !== conversationId) throw new Problem('wrong-conversation');
    return claims;
  }

  /** The token's conversation; 404 when it is gone (erased on request, purged by retention). */
  async function conversationOf(claims: TokenClaims): Promise<Conversation> {
    const conversation = await core.findConversation(claims.conversationId);
    if (!conversation || conversation.userId !== claims.userId) throw new Problem('unknown-conversation');
    return conversation;
  }

  /** The stream URL of a conversation: absolute, ws or wss as the client reached us (X-Forwarded-Proto). */
  async function streamUrl(req: FastifyRequest, claims: TokenClaims, watermark: Watermark): Promise<string> {
    const { token } = await tokens.issue(claims, { use: 'stream' });
    const scheme = req.protocol === 'https' ? 'wss' : 'ws';
    const query = new URLSearchParams({ watermark: watermark === null ? '' : String(watermark), t: token });
    return `${scheme}://${req.host}${DIRECT_LINE_PREFIX}/conversations/${encodeURIComponent(claims.conversationId)}/stream?${query}`;
  }

  async function conversationAnswer(req: FastifyRequest, claims: TokenClaims, watermark: Watermark) {
    const { token, expiresIn } = await tokens.issue(claims);
    return { conversationId: claims.conversationId, token, expires_in: expiresIn, streamUrl: await streamUrl(req, claims, watermark) };
  }

  async function limitReads(req: FastifyRequest, conversationId: string): Promise<void> {
    const limit = await readLimit(req, `read:${conversationId}`);
    if (limit.limited) throw rateLimited(limit.retryAfterSeconds);
  }

  async function limitStarts(req: FastifyRequest): Promise<void> {
    const limit = await startLimit(req, `start:${req.ip}`);
    if (limit.limited) throw rateLimited(limit.retryAfterSeconds);
  }

  /**
   * A new conversation: the welcome turn runs now, so the stream's backlog starts with it.
   * The user id is always ours: a client-chosen id could name another citizen's identity.
   */
  async function startConversation(body: unknown): Promise<TokenClaims> {
    const start = parse(startBody, body);
    const centreId = start?.centre;
    if (centreId !== undefined && !app.content.centres.has(centreId)) {
      throw new Problem('unknown-centre', `There is no centre "${centreId}". Known centres: ${[...app.content.centres.keys()].join(', ')}.`);
    }
    const language = languageFromLocale(start?.locale);
    const userId = `dl_${randomUUID()}`;
    const { conversationId } = await core.startConversation({
      inboxId: inboxId('webchat', centreId ?? null),
      userId,
      ...(centreId ? { centreId } : {}),
      ...(language ? { language } : {}),
    });
    return { conversationId, userId };
  }

  // ── tokens ─────────────────────────────────────────────────────────────────────────────

  app.post('/tokens/generate', { bodyLimit: BODY_LIMIT }, async (req) => {
    await limitStarts(req);
    const claims = await startConversation(req.body);
    const { token, expiresIn } = await tokens.issue(claims);
    return { conversationId: claims.conversationId, token, expires_in: expiresIn };
  });

  app.post('/tokens/refresh', async (req) => {
    const claims = await authorize(req);
    await conversationOf(claims);
    const { token, expiresIn } = await tokens.issue(claims);
    return { conversationId: claims.conversationId, token, expires_in: expiresIn };
  });

  // ── conversations ──────────────────────────────────────────────────────────────────────

  app.post('/conversations', { bodyLimit: BODY_LIMIT }, async (req, reply) => {
    // With a token from /tokens/generate the conversation already exists: hand out its stream.
    if (req.headers.authorization !== undefined) {
      const claims = await authorize(req);
      await conversationOf(claims);
      return reply.code(200).send(await conversationAnswer(req, claims, null));
    }
    await limitStarts(req);
    const claims = await startConversation(req.body);
    return reply.code(201).send(await conversationAnswer(req, claims, null));
  });

  /** Reconnect: a fresh token and a stream URL that resumes after the client's watermark. */
  app.get('/conversations/:id', async (req) => {
    const { id } = parse(idParams, req.params);
    const { watermark } = parse(watermarkQuery, req.query);
    const claims = await authorize(req, id);
    await limitReads(req, id);
    await conversationOf(claims);
    return conversationAnswer(req, claims, watermark);
  });

  app.get('/conversations/:id/activities', async (req) => {
    const { id } = parse(idParams, req.params);
    const { watermark } = parse(watermarkQuery, req.query);
    const claims = await authorize(req, id);
    await limitReads(req, id);
    await conversationOf(claims);
    const messages = await core.transcript(id, watermark ?? 0);
    return activitySet(id, claims.userId, messages, watermark);
  });

  app.post('/conversations/:id/activities', { bodyLimit: BODY_LIMIT }, async (req, reply) => {
    const { id } = parse(idParams, req.params);
    const claims = await authorize(req, id);
    const conversation = await conversationOf(claims);
    const limit = await messageLimit(req, `conversation:${id}`);
    if (limit.limited) {
      if (limit.firstInWindow) postNotice(core, conversation, 'slowDown');
      throw rateLimited(limit.retryAfterSeconds);
    }
    const activity = parse(inboundActivitySchema, req.body);

    // Typing and events have no meaning for the bot; accepting them keeps clients that send them happy.
    if (activity.type === 'typing' || activity.type === 'event') return { id: `${id}|${activity.type}-${randomUUID()}` };
    if (activity.type !== 'message') throw new Problem('unsupported-activity', `Only "message" activities are read (got "${activity.type}").`);
    if (activity.attachments && activity.attachments.length > 0) {
      postNotice(core, conversation, 'unsupportedAttachment');
      throw new Problem('unsupported-attachment', 'Write the question in words; files are not accepted here.');
    }

    const clientActivityId = activity.channelData?.clientActivityID;
    // "Typing…" to the citizen's sockets, on this replica and (through the bridge) the others.
    core.bus.typing(id);
    const outcome = await core.handle({
      inboxId: conversation.inboxId,
      conversationId: id,
      activity: {
        type: 'message',
        // Unique per inbox: a client's own id could collide with another conversation's.
        id: clientActivityId ? `${id}:${clientActivityId}` : `${id}:${randomUUID()}`,
        from: { id: claims.userId, role: 'user' },
        timestamp: new Date(),
        ...(activity.text !== undefined ? { text: activity.text } : {}),
        ...(typeof activity.value === 'string' ? { value: activity.value } : {}),
        ...(clientActivityId ? { channelData: { clientActivityID: clientActivityId } } : {}),
        // No locale: the conversation's language is the core's state, and Web Chat's UI locale
        // follows the bot's replies; sending it back would let a stale UI undo a switch.
      },
    });
    switch (outcome.status) {
      case 'processed':
        return reply.send({ id: outcome.incoming ? activityId(id, outcome.incoming.seq) : `${id}|${randomUUID()}` });
      case 'duplicate': {
        // A retry of a message already stored: answer with the id it got the first time.
        const stored = clientActivityId ? (await core.transcript(id)).find((m) => m.clientActivityId === clientActivityId) : undefined;
        return reply.send({ id: stored ? activityId(id, stored.seq) : `${id}|duplicate` });
      }
      case 'rejected':
        // The core already stored its polite reply (too long, empty); the stream delivers it.
        if (outcome.reason === 'too_long') throw new Problem('text-too-long', 'Send at most 4,000 characters per message.', { maxLength: 4000 });
        if (outcome.reason === 'empty') throw new Problem('empty-message', 'Send some text or press a button.');
        throw new Problem('unknown-conversation');
    }
  });

  /** Web Chat's file upload. Files are not accepted; answered before the body is read. */
  app.post('/conversations/:id/upload', {
    onRequest: async (req) => {
      const { id } = parse(idParams, req.params);
      const conversation = await conversationOf(await authorize(req, id));
      postNotice(core, conversation, 'unsupportedAttachment');
      throw new Problem('unsupported-attachment', 'Write the question in words; files are not accepted here.');
    },
    handler: async () => undefined,
  });

  // ── stream ─────────────────────────────────────────────────────────────────────────────

  // Checked before the upgrade, so a bad token is an HTTP 403 the client can act on.
  const streamClaims = new WeakMap<FastifyRequest, TokenClaims & { after: Watermark }>();
  app.get('/conversations/:id/stream', {
    websocket: true,
    // The request line carries the stream token in its query string: keep it out of info logs.
    logLevel: 'warn',
    preValidation: async (req) => {
      const { id } = parse(idParams, req.params);
      const { t, watermark } = parse(streamQuery, req.query);
      const claims = await tokens.verify(t, 'stream');
      if (claims.conversationId !== id) throw new Problem('wrong-conversation');
      await conversationOf(claims);
      streamClaims.set(req, { ...claims, after: watermark });
    },
  }, (socket, req) => {
    const claims = streamClaims.get(req)!;
    hub.attach(socket, { conversationId: claims.conversationId, userId: claims.userId, after: claims.after });
  });
};
