import { GrammyError, HttpError } from 'grammy';
import type { Command } from 'commander';
import { loadEnv } from '../../../config/env.js';
import { StartupError } from '../../../config/errors.js';
import { ALLOWED_UPDATES, createSendingApi } from './bot.js';
import { telegramSettings, type TelegramSettings } from './settings.js';

/** `kentro telegram …`: point Telegram at this server, or back to long polling. */
export function registerTelegramCommands(program: Command): void {
  const telegram = program.command('telegram').description('the Telegram bot (TELEGRAM_BOT_TOKEN)');

  telegram
    .command('set-webhook')
    .description('tell Telegram to send updates to PUBLIC_URL/webhooks/telegram with TELEGRAM_WEBHOOK_SECRET')
    .option('--drop-pending', 'forget updates Telegram is still holding')
    .action(async (opts: { dropPending?: boolean }) => {
      const settings = requireSettings();
      if (!settings.webhookUrl) throw new StartupError('PUBLIC_URL is not set: it is the https address Telegram will call');
      if (!settings.webhookSecret) throw new StartupError('TELEGRAM_WEBHOOK_SECRET is not set: kentro refuses updates without it');
      await call(() =>
        createSendingApi(settings).setWebhook(settings.webhookUrl!, {
          secret_token: settings.webhookSecret!,
          allowed_updates: [...ALLOWED_UPDATES],
          drop_pending_updates: opts.dropPending === true,
        }),
      );
      console.log(`Telegram now sends updates to ${settings.webhookUrl}`);
    });

  telegram
    .command('delete-webhook')
    .description('stop the webhook (for long polling: kentro serve without PUBLIC_URL)')
    .action(async () => {
      const settings = requireSettings();
      await call(() => createSendingApi(settings).deleteWebhook());
      console.log('Telegram webhook removed; kentro serve without PUBLIC_URL uses long polling');
    });

  telegram
    .command('status')
    .description("show Telegram's view of the webhook: URL, updates waiting, last error")
    .action(async () => {
      const info = await call(() => createSendingApi(requireSettings()).getWebhookInfo());
      console.log(`webhook: ${info.url || '(none: long polling)'}`);
      console.log(`updates waiting: ${info.pending_update_count}`);
      if (info.last_error_message) console.log(`last error: ${info.last_error_message} (${new Date((info.last_error_date ?? 0) * 1000).toISOString()})`);
    });
}

function requireSettings(): TelegramSettings {
  const settings = telegramSettings(loadEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }));
  if (!settings) throw new StartupError('TELEGRAM_BOT_TOKEN is not set (the token BotFather gave you)');
  return settings;
}

/** Telegram's refusal as one line for the operator (never the token, which is in the URL). */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof GrammyError) throw new StartupError(`Telegram refused: ${err.error_code} ${err.description}`);
    if (err instanceof HttpError) throw new StartupError('Telegram is unreachable (check TELEGRAM_API_ROOT and the network)');
    throw err;
  }
}
