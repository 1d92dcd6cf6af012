import type { FastifyPluginAsync } from 'fastify';
import { parseEvent, type ViberEvent } from './events.js';
import type { ViberAnswer } from './handlers.js';
import { WEBHOOK_PATH } from './settings.js';
import { verifySignature } from './signature.js';

export interface WebhookOptions {
  authToken: string;
  handle(event: ViberEvent): Promise<ViberAnswer>;
}

const SIGNATURE_HEADER = 'x-viber-content-signature';

/**
 * POST /webhooks/viber. The signature covers the exact bytes Viber sent, so this plugin (and only
 * this one: fastify encapsulation) takes the body raw instead of parsed. Bad signature → 403 and
 * nothing is read. An error while handling → 500 and Viber calls again (redeliveries are deduped).
 */
export const viberWebhook: FastifyPluginAsync<WebhookOptions> = async (app, { authToken, handle }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post(WEBHOOK_PATH, async (req, reply) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifySignature(raw, req.headers[SIGNATURE_HEADER], authToken)) return reply.code(403).send({ error: 'invalid signature' });
    const event = parseEvent(raw);
    if (event === null) return reply.code(400).send({ error: 'not a Viber callback' });
    if (event === 'ignored') return reply.code(200).send({});
    const answer = await handle(event);
    return reply.code(200).send(answer ?? {});
  });
};
