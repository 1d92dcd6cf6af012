import type { FastifyInstance } from 'fastify';
import { AzureConnector, authenticationFrom, type BotFrameworkAuthentication } from './connector.js';
import { azureActivityHandler } from './handlers.js';
import { AzureSender } from './sender.js';
import type { AzureSettings } from './settings.js';
import { azureWebhook } from './webhook.js';

/**
 * Sets the channel up: the sender the outbox delivers through, and the /api/messages route.
 * Loaded only when the channel is on (botbuilder takes half a second to load).
 */
export async function startAzureChannel(app: FastifyInstance, p: { inboxId: string; settings: AzureSettings | null; auth?: BotFrameworkAuthentication }): Promise<AzureConnector> {
  const auth = p.auth ?? authenticationFrom(p.settings!);
  const connector = new AzureConnector(auth, p.settings?.MicrosoftAppId ?? '');
  app.outbox.register(new AzureSender(connector, app.db.prisma, p.inboxId));
  const handle = azureActivityHandler({ core: app.core, prisma: app.db.prisma, inboxId: p.inboxId });
  await app.register(azureWebhook, { receive: (activity, authorization) => connector.receive(activity, authorization, () => handle(activity)) });
  return connector;
}
