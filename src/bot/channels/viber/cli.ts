import type { Command } from 'commander';
import { loadEnv } from '../../../config/env.js';
import { StartupError } from '../../../config/errors.js';
import { DeliveryError } from '../../outbox/errors.js';
import { ViberClient } from './client.js';
import { viberSettings } from './settings.js';

/** `kentro viber set-webhook`: point Viber at this server. */
export function registerViberCommands(program: Command): void {
  const viber = program.command('viber').description('the Viber bot (VIBER_AUTH_TOKEN)');
  viber
    .command('set-webhook')
    .description('tell Viber to send callbacks to PUBLIC_URL/webhooks/viber (kentro serve must be reachable there: Viber calls it at once)')
    .action(async () => {
      const settings = viberSettings(loadEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }));
      if (!settings) throw new StartupError('VIBER_AUTH_TOKEN is not set (the token of your Viber bot)');
      if (!settings.webhookUrl) throw new StartupError('PUBLIC_URL is not set: it is the https address Viber will call');
      try {
        await new ViberClient(settings).setWebhook(settings.webhookUrl);
      } catch (err) {
        if (err instanceof DeliveryError) throw new StartupError(`Viber refused: ${err.message}`);
        throw err;
      }
      console.log(`Viber now sends callbacks to ${settings.webhookUrl}`);
    });
}
