import { Api, Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { TelegramSettings } from './settings.js';

/** The updates kentro handles; set-webhook and long polling ask Telegram for exactly these. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/**
 * The grammY bot that receives updates. Its identity comes from the token instead of getMe, so
 * start-up needs no network and an unreachable Telegram never stops kentro from starting (the
 * handlers only use private chats, where the bot's username does not matter).
 */
export function createBot(settings: TelegramSettings): Bot {
  const botInfo: UserFromGetMe = {
    id: Number(settings.token.split(':')[0]) || 0,
    is_bot: true,
    first_name: 'kentro',
    username: 'kentro_bot',
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
  // Long polling holds getUpdates for 30 s: the timeout must be longer than that.
  return new Bot(settings.token, { botInfo, client: { apiRoot: settings.apiRoot, timeoutSeconds: 45 } });
}

/** The API client that sends replies: a short timeout, well inside the outbox claim's lease. */
export function createSendingApi(settings: TelegramSettings): Api {
  return new Api(settings.token, { apiRoot: settings.apiRoot, timeoutSeconds: 15 });
}
