import type { FastifyPluginAsync } from 'fastify';
import { azureActivity, type AzureActivity } from './activity.js';
import { MESSAGES_PATH } from './settings.js';

export interface WebhookOptions {
  /** Authenticates the activity (its Authorization header) and acts on it. */
  receive(activity: AzureActivity, authorization: string): Promise<'ok' | 'unauthorized'>;
}

/**
 * POST /api/messages, the messaging endpoint of the Azure Bot resource. The body is parsed here
 * (this plugin only: fastify encapsulation) so a malformed one gets a plain 400 naming the
 * problem. Not authenticated → 401. An error while handling → 500, logged without the activity;
 * a redelivery is stored once.
 */
export const azureWebhook: FastifyPluginAsync<WebhookOptions> = async (app, { receive }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.post(MESSAGES_PATH, async (req, reply) => {
    let json: unknown;
    try {
      json = JSON.parse(typeof req.body === 'string' ? req.body : '');
    } catch {
      return reply.code(400).send({ error: 'the body is not JSON' });
    }
    const parsed = azureActivity.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return reply.code(400).send({ error: 'not a Bot Framework activity', field: issue.path.join('.') || null });
    }
    const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    try {
      if ((await receive(parsed.data, authorization)) === 'unauthorized') return reply.code(401).send({ error: 'unauthorized' });
    } catch (err) {
      const e = err as { name?: unknown; code?: unknown };
      req.log.error({ channel: 'azure', type: parsed.data.type, err: { name: e?.name, code: e?.code } }, 'azure: activity failed');
      return reply.code(500).send({ error: 'the activity could not be handled' });
    }
    return reply.code(200).send({});
  });
};
