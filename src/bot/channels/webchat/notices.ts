import { isLanguage, type Language } from '../../core/types.js';
import { translator } from '../../../i18n/index.js';
import { noticeActivity } from './activities.js';
import type { StreamHub } from './stream-hub.js';

export type NoticeKey = 'slowDown' | 'unsupportedAttachment';

/**
 * A bot message about a request the endpoint refused (a flood, a file), in the conversation's
 * language. The core has no call yet to store a bot message outside a turn, so the notice goes
 * to the open streams only and is not part of the transcript.
 */
export function postNotice(hub: StreamHub, conversation: { id: string; language: string | null }, key: NoticeKey): void {
  const lang: Language = isLanguage(conversation.language) ? conversation.language : 'el';
  hub.broadcast(conversation.id, [noticeActivity(conversation.id, translator(lang)(`common:${key}`), lang)]);
}
