import fp from 'fastify-plugin';
import type { Env } from '../../../config/env.js';
import { ensureSharedInbox, inboxId } from '../../../db/sync-content.js';
import type { BotFrameworkAuthentication } from './connector.js';
import { azureSettings } from './settings.js';

/** One Azure bot serves every centre (the citizen picks theirs in the chat), on every channel Azure connects. */
export const AZURE_INBOX = inboxId('azure', null);

export interface AzurePluginOptions {
  env: Env;
  /**
   * Authentication to use instead of MICROSOFT_APP_*: tests pass botbuilder's own with no app
   * id, which turns checking off as for the Bot Framework Emulator.
   */
  auth?: BotFrameworkAuthentication;
}

/**
 * Azure Bot Service, on when MICROSOFT_APP_ID is set: POST /api/messages through botbuilder's
 * CloudAdapter, and the outbox sender that answers through the Bot Connector service.
 */
export const azurePlugin = fp<AzurePluginOptions>(
  async (app, { env, auth }) => {
    const settings = azureSettings(env);
    if (!settings && !auth) return;
    await ensureSharedInbox(app.db.prisma, 'azure');
    const { startAzureChannel } = await import('./channel.js');
    await startAzureChannel(app, { inboxId: AZURE_INBOX, settings, ...(auth ? { auth } : {}) });
  },
  { name: 'azure', dependencies: ['db', 'content', 'core', 'outbox'] },
);
