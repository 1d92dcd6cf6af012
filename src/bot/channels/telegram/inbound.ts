import type { Attachment } from 'botframework-schema';
import type { CallbackQuery, InlineKeyboardMarkup, Message } from 'grammy/types';
import { isLanguage, type InboundActivity, type Language } from '../../core/types.js';

/** Attachment content types for what a citizen shares that is not a file. */
export const LOCATION_TYPE = 'application/vnd.kentro.location+json';
export const CONTACT_TYPE = 'application/vnd.kentro.contact+json';

/**
 * Telegram's language_code ('el', 'en-GB', 'pt-br') as one of our languages, or undefined: it
 * is only a first guess (the phone's language), the citizen still picks.
 */
export function languageFromCode(code: string | undefined): Language | undefined {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : undefined;
}

/**
 * `/start` with an optional deep-link payload (t.me/bot?start=thira sends "/start thira").
 * Returns null when the text is not /start, and the centre only when it is one we know.
 */
export function parseStart(text: string, centres: ReadonlySet<string>): { centreId?: string } | null {
  const m = /^\/start(?:@\w+)?(?:\s+([A-Za-z0-9_-]{1,64}))?\s*$/.exec(text.trim());
  if (!m) return null;
  const payload = m[1]?.toLowerCase();
  return payload && centres.has(payload) ? { centreId: payload } : {};
}

/** A private-chat message as a neutral activity; the update_id is its id (dedupe, across restarts). */
export function messageActivity(updateId: number, message: Message): InboundActivity {
  const attachments = attachmentsOf(message);
  return {
    type: 'message',
    id: String(updateId),
    from: { id: String(message.chat.id), role: 'user' },
    text: message.text ?? message.caption ?? '',
    timestamp: new Date(message.date * 1000),
    ...(attachments.length ? { attachments } : {}),
  };
}

/** A pressed inline button: the value is the button's data, the text its label (for the transcript). */
export function callbackActivity(updateId: number, query: CallbackQuery & { data: string }): InboundActivity {
  const markup = query.message && 'reply_markup' in query.message ? query.message.reply_markup : undefined;
  return {
    type: 'message',
    id: String(updateId),
    from: { id: String(query.message?.chat.id ?? query.from.id), role: 'user' },
    text: buttonTitle(markup, query.data) ?? query.data,
    value: query.data,
  };
}

function buttonTitle(markup: InlineKeyboardMarkup | undefined, data: string): string | undefined {
  for (const row of markup?.inline_keyboard ?? []) {
    for (const button of row) if ('callback_data' in button && button.callback_data === data) return button.text;
  }
  return undefined;
}

/**
 * Files are recorded with their metadata and Telegram file id, not downloaded: staff open them
 * later through the Bot API (files.ts). Contact and location keep what the citizen shared.
 */
export function attachmentsOf(message: Message): Attachment[] {
  const file = (kind: string, f: { file_id: string; file_unique_id: string; file_size?: number }, contentType: string, extra: Record<string, unknown> = {}, name?: string): Attachment => ({
    contentType,
    ...(name ? { name } : {}),
    content: { channel: 'telegram', kind, fileId: f.file_id, fileUniqueId: f.file_unique_id, ...(f.file_size !== undefined ? { size: f.file_size } : {}), ...extra },
  });
  const out: Attachment[] = [];
  const photo = message.photo?.at(-1); // the largest size
  if (photo) out.push(file('photo', photo, 'image/jpeg', { width: photo.width, height: photo.height }));
  if (message.document) out.push(file('document', message.document, message.document.mime_type ?? 'application/octet-stream', {}, message.document.file_name));
  if (message.voice) out.push(file('voice', message.voice, message.voice.mime_type ?? 'audio/ogg', { duration: message.voice.duration }));
  if (message.audio) out.push(file('audio', message.audio, message.audio.mime_type ?? 'audio/mpeg', { duration: message.audio.duration }, message.audio.file_name));
  if (message.video) out.push(file('video', message.video, message.video.mime_type ?? 'video/mp4', { duration: message.video.duration }, message.video.file_name));
  if (message.video_note) out.push(file('video_note', message.video_note, 'video/mp4', { duration: message.video_note.duration }));
  if (message.sticker) out.push(file('sticker', message.sticker, 'image/webp'));
  if (message.location) out.push({ contentType: LOCATION_TYPE, content: { latitude: message.location.latitude, longitude: message.location.longitude } });
  if (message.contact) {
    const c = message.contact;
    out.push({ contentType: CONTACT_TYPE, content: { phone: c.phone_number, name: [c.first_name, c.last_name].filter(Boolean).join(' '), ...(c.user_id ? { userId: String(c.user_id) } : {}) } });
  }
  return out;
}
