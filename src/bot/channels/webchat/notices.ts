import { translator } from '../../../i18n/index.js';
import type { ConversationCore } from '../../core/core.js';

export type NoticeKey = 'slowDown' | 'unsupportedAttachment';

/**
 * A bot message about a request the endpoint refused (a flood, a file), in the conversation's
 * language, stored in the transcript and pushed to the open streams like any reply.
 * Best effort: a failure to store it must not hide the refusal itself.
 */
export function postNotice(core: ConversationCore, conversation: { id: string }, key: NoticeKey): void {
  core.say(conversation.id, (lang) => [{ text: translator(lang)(`common:${key}`) }]).catch(() => undefined);
}
