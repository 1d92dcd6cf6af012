import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import { directLineRoutes, DIRECT_LINE_PREFIX } from './routes.js';
import { MESSAGE_RATE, START_RATE, type RateLimitSettings } from './rate-limit.js';
import { staticRoutes } from './static.js';
import { StreamHub } from './stream-hub.js';
import { TokenService, tokenKey } from './tokens.js';

export interface WebchatOptions {
  /** KENTRO_SECRET; without it the signing key is created once and kept in the database. */
  secret?: string | undefined;
  /** Lifetime of a conversation token (seconds, default 3600); Web Chat refreshes every 15 minutes. */
  tokenTtlSeconds?: number;
  /** Messages per conversation (default 20 per 10 s). */
  messageRate?: RateLimitSettings;
  /** New conversations per client address (default 30 per minute). */
  startRate?: RateLimitSettings;
  /** How often open streams re-read the transcript for messages written by other replicas (ms, 0 = never). */
  catchUpMs?: number;
}

export interface Webchat {
  tokens: TokenService;
  hub: StreamHub;
}

declare module 'fastify' {
  interface FastifyInstance {
    webchat: Webchat;
  }
}

/**
 * The web chat channel: a Direct Line 3.0-compatible endpoint under /v3/directline for the
 * official Bot Framework Web Chat client, the demo page at / and the one-tag embed /webchat.js.
 */
export const webchatPlugin = fp<WebchatOptions>(
  async (app, options) => {
    // Shared by every WebSocket route of the app; register it once, before the routes.
    if (!app.hasDecorator('websocketServer')) await app.register(websocket, { options: { maxPayload: 4096 } });
    const tokens = new TokenService(await tokenKey(app.db.prisma, options.secret), options.tokenTtlSeconds);
    const hub = new StreamHub(app.core, app.log, options.catchUpMs !== undefined ? { catchUpMs: options.catchUpMs } : {});
    app.decorate('webchat', { tokens, hub });
    app.addHook('preClose', async () => hub.close());

    await app.register(directLineRoutes, {
      prefix: DIRECT_LINE_PREFIX,
      tokens,
      hub,
      messageRate: options.messageRate ?? MESSAGE_RATE,
      startRate: options.startRate ?? START_RATE,
    });
    await app.register(staticRoutes);
  },
  { name: 'webchat', dependencies: ['db', 'content', 'core'] },
);
