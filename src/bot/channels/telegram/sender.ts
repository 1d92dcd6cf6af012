import { GrammyError, HttpError, type Api } from 'grammy';
import { renderParts } from '../../core/render.js';
import type { Button, ChannelCapabilities } from '../../core/types.js';
import { DeliveryError } from '../../outbox/errors.js';
import type { RateLimiter } from '../../outbox/rate-limit.js';
import type { ChannelSender, OutgoingPart } from '../../outbox/types.js';
import { fitsCallbackData, inlineKeyboard } from './keyboard.js';

export const TELEGRAM_CAPABILITIES: ChannelCapabilities = {
  maxButtons: 100, // Telegram's limit for one inline keyboard
  // No hard limit: long labels (a centre's full name) wrap onto a row of their own.
  maxButtonTitle: 128,
  maxText: 4096,
  files: true,
  locationRequest: true,
};

/**
 * Sends replies with sendMessage as plain text (no parse_mode: nothing in a reply can be read
 * as markup, so nothing needs escaping), the buttons as an inline keyboard on the last part.
 */
export class TelegramSender implements ChannelSender {
  readonly channel = 'telegram';
  readonly capabilities = TELEGRAM_CAPABILITIES;

  constructor(
    private readonly api: Api,
    private readonly limiter: RateLimiter,
  ) {}

  render(reply: { text: string; buttons: Button[] }): OutgoingPart[] {
    // Buttons whose data Telegram would drop become a numbered list the dialogs understand.
    return renderParts(reply, fitsCallbackData(reply.buttons) ? this.capabilities : { ...this.capabilities, maxButtons: 0 });
  }

  async sendPart(chatId: string, part: OutgoingPart): Promise<string> {
    await this.limiter.take(chatId);
    try {
      const sent = await this.api.sendMessage(chatId, part.text, part.buttons.length ? { reply_markup: inlineKeyboard(part.buttons) } : {});
      return `${chatId}:${sent.message_id}`;
    } catch (err) {
      throw deliveryError(err);
    }
  }
}

/** Telegram's answer as retry / permanent / unsubscribed, with its retry_after. */
export function deliveryError(err: unknown): DeliveryError {
  if (err instanceof GrammyError) {
    const what = `telegram ${err.error_code}: ${err.description}`;
    if (err.error_code === 429) return new DeliveryError('retry', what, (err.parameters.retry_after ?? 1) * 1000);
    // Blocked by the user, or the user deleted their account.
    if (err.error_code === 403) return new DeliveryError('unsubscribed', what);
    // A wrong token (401/404) is fixed by the operator: keep the messages until then.
    if (err.error_code >= 500 || err.error_code === 401 || err.error_code === 404) return new DeliveryError('retry', what);
    return new DeliveryError('permanent', what);
  }
  if (err instanceof HttpError) return new DeliveryError('retry', 'telegram unreachable');
  if (err instanceof Error) return new DeliveryError('retry', `telegram: ${err.name}`);
  return new DeliveryError('retry', 'telegram: unknown error');
}
