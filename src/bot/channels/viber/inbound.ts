import type { Attachment } from 'botframework-schema';
import type { Prisma } from '../../../db/client.js';
import { payloadSchema } from '../../core/transcript.js';
import { isLanguage, type InboundActivity, type Language } from '../../core/types.js';
import type { ViberMessageEvent } from './events.js';

/** Attachment content types for what a citizen shares that is not a file (as on Telegram). */
export const LOCATION_TYPE = 'application/vnd.kentro.location+json';
export const CONTACT_TYPE = 'application/vnd.kentro.contact+json';

/** Viber's user.language ('el', 'en-US') as one of our languages, or undefined (only a guess). */
export function languageFromCode(code: string | undefined): Language | undefined {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : undefined;
}

/** A Viber message as a neutral activity; the message token is its id (dedupe of redeliveries). */
export function messageActivity(event: ViberMessageEvent): InboundActivity {
  const m = event.message;
  const attachments = attachmentsOf(event);
  const text = m.type === 'url' ? (m.media ?? '') : (m.text ?? '');
  return {
    type: 'message',
    id: event.message_token,
    from: { id: event.sender.id, role: 'user', ...(event.sender.name ? { name: event.sender.name } : {}) },
    text,
    timestamp: new Date(event.timestamp),
    ...(attachments.length ? { attachments } : {}),
  };
}

/** Pictures, videos and files keep Viber's media URL and metadata for staff; nothing is downloaded. */
function attachmentsOf(event: ViberMessageEvent): Attachment[] {
  const m = event.message;
  const meta = (kind: string, extra: Record<string, unknown> = {}) => ({ channel: 'viber', kind, ...extra });
  const size = m.size ?? m.file_size;
  switch (m.type) {
    case 'picture':
      return [{ contentType: 'image/jpeg', ...(m.media ? { contentUrl: m.media } : {}), ...(m.file_name ? { name: m.file_name } : {}), content: meta('picture', { size, thumbnail: m.thumbnail }) }];
    case 'video':
      return [{ contentType: 'video/mp4', ...(m.media ? { contentUrl: m.media } : {}), content: meta('video', { size, duration: m.duration }) }];
    case 'file':
      return [{ contentType: 'application/octet-stream', ...(m.media ? { contentUrl: m.media } : {}), ...(m.file_name ? { name: m.file_name } : {}), content: meta('file', { size }) }];
    case 'sticker':
      return [{ contentType: 'image/png', ...(m.media ? { contentUrl: m.media } : {}), content: meta('sticker', { stickerId: m.sticker_id }) }];
    case 'location':
      return m.location ? [{ contentType: LOCATION_TYPE, content: { latitude: m.location.lat, longitude: m.location.lon } }] : [];
    case 'contact':
      return m.contact ? [{ contentType: CONTACT_TYPE, content: { name: m.contact.name ?? '', phone: m.contact.phone_number ?? '' } }] : [];
    default:
      return [];
  }
}

/**
 * The value of the button whose label the citizen sent. Viber keyboards send the label (see
 * keyboard.ts), so it is looked up among the buttons of the bot's last message to them.
 */
export async function buttonValue(prisma: Prisma, inboxId: string, userId: string, text: string): Promise<string | undefined> {
  const last = await prisma.message.findFirst({
    where: { inboxId, type: 'outgoing', conversation: { contactInbox: { sourceId: userId }, status: { not: 'resolved' } } },
    orderBy: [{ createdAt: 'desc' }, { seq: 'desc' }],
    select: { payload: true },
  });
  if (!last?.payload) return undefined;
  try {
    const payload = payloadSchema.parse(JSON.parse(last.payload));
    return payload.buttons?.find((b) => b.title === text)?.value;
  } catch {
    return undefined;
  }
}
