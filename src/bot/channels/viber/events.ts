import { z } from 'zod';
import { parseViberJson } from './json.js';

const user = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  language: z.string().optional(),
  country: z.string().optional(),
  api_version: z.number().optional(),
});

const token = z.string().regex(/^-?\d+$/);

const message = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  media: z.string().optional(),
  thumbnail: z.string().optional(),
  file_name: z.string().optional(),
  size: z.number().optional(),
  file_size: z.number().optional(),
  duration: z.number().optional(),
  sticker_id: z.number().optional(),
  location: z.looseObject({ lat: z.number(), lon: z.number() }).optional(),
  contact: z.looseObject({ name: z.string().optional(), phone_number: z.string().optional() }).optional(),
  tracking_data: z.string().optional(),
});

/** The callbacks kentro acts on; anything else is acknowledged and ignored. */
export const viberEvent = z.discriminatedUnion('event', [
  z.looseObject({ event: z.literal('webhook'), timestamp: z.number() }),
  z.looseObject({ event: z.literal('conversation_started'), timestamp: z.number(), message_token: token, user, context: z.string().optional(), subscribed: z.boolean().optional() }),
  z.looseObject({ event: z.literal('subscribed'), timestamp: z.number(), user }),
  z.looseObject({ event: z.literal('unsubscribed'), timestamp: z.number(), user_id: z.string().min(1) }),
  z.looseObject({ event: z.literal('message'), timestamp: z.number(), message_token: token, sender: user, message }),
  z.looseObject({ event: z.enum(['delivered', 'seen', 'failed']), timestamp: z.number(), message_token: token, user_id: z.string().optional(), desc: z.string().optional() }),
]);
export type ViberEvent = z.infer<typeof viberEvent>;
export type ViberMessageEvent = Extract<ViberEvent, { event: 'message' }>;
export type ViberReceipt = Extract<ViberEvent, { event: 'delivered' | 'seen' | 'failed' }>;

const anyEvent = z.looseObject({ event: z.string() });

/** The callback, `ignored` for events kentro does not use, or null when it is not one at all. */
export function parseEvent(raw: Buffer): ViberEvent | 'ignored' | null {
  let json: unknown;
  try {
    json = parseViberJson(raw.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = viberEvent.safeParse(json);
  if (parsed.success) return parsed.data;
  const known = ['webhook', 'conversation_started', 'subscribed', 'unsubscribed', 'message', 'delivered', 'seen', 'failed'];
  const other = anyEvent.safeParse(json);
  return other.success && !known.includes(other.data.event) ? 'ignored' : null;
}
