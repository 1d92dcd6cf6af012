import fp from 'fastify-plugin';
import type { Env } from '../../../config/env.js';
import { ensureSharedInbox, inboxId } from '../../../db/sync-content.js';
import { ViberClient } from './client.js';
import { viberEventHandler } from './handlers.js';
import { ViberSender } from './sender.js';
import { viberSettings } from './settings.js';
import { viberWebhook } from './webhook.js';

declare module 'fastify' {
  interface FastifyInstance {
    viber?: { client: ViberClient };
  }
}

/** One Viber bot serves every centre: its inbox has no centre, deep-link contexts choose one. */
export const VIBER_INBOX = inboxId('viber', null);

/** The Viber channel, on when VIBER_AUTH_TOKEN is set: the signed webhook and the outbox sender. */
export const viberPlugin = fp<{ env: Env }>(
  async (app, { env }) => {
    const settings = viberSettings(env);
    if (!settings) return;
    await ensureSharedInbox(app.db.prisma, 'viber');
    const client = new ViberClient(settings);
    app.outbox.register(new ViberSender(client));
    app.decorate('viber', { client });
    const handle = viberEventHandler({ core: app.core, prisma: app.db.prisma, inboxId: VIBER_INBOX, centres: new Set(app.content.centres.keys()), client });
    await app.register(viberWebhook, { authToken: settings.authToken, handle });
  },
  { name: 'viber', dependencies: ['db', 'content', 'core', 'outbox'] },
);
