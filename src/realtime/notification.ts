import { z } from 'zod';
import { CONVERSATION_STATUSES, TRANSITIONS } from '../handoff/status.js';

/** The PostgreSQL notification channel every replica listens on. */
export const CHANNEL = 'kentro_events';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7999;

const transitions = Object.keys(TRANSITIONS) as [keyof typeof TRANSITIONS, ...(keyof typeof TRANSITIONS)[]];

const actorSchema = z.union([
  z.object({ type: z.literal('staff'), id: z.string() }),
  z.object({ type: z.literal('citizen'), id: z.string().nullable().optional() }),
  z.object({ type: z.literal('system') }),
]);

const statusChangeSchema = z.object({
  conversationId: z.string(),
  centreId: z.string().nullable(),
  transition: z.enum(transitions),
  from: z.enum(CONVERSATION_STATUSES),
  to: z.enum(CONVERSATION_STATUSES),
  urgent: z.boolean(),
  assigneeId: z.string().nullable(),
  actor: actorSchema,
});

const inboxEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('conversation.updated'), conversationId: z.string(), centreId: z.string().nullable() }),
  z.object({ kind: z.literal('note.created'), conversationId: z.string(), centreId: z.string().nullable(), messageId: z.string() }),
]);

/**
 * What one replica tells the others, after its commit. Ids only, never text: the payload limit
 * is 8000 bytes, and receivers read the rows themselves. `o` is the sending replica.
 */
export const notificationSchema = z.discriminatedUnion('k', [
  /** New citizen-visible messages of a conversation: seq `from`..`to` (notes excluded, as on the bus). */
  z.object({ o: z.string(), k: z.literal('messages'), c: z.string(), from: z.number().int(), to: z.number().int() }),
  z.object({ o: z.string(), k: z.literal('status'), change: statusChangeSchema }),
  z.object({ o: z.string(), k: z.literal('event'), event: inboxEventSchema }),
  /** The bot is composing a reply in conversation `c` (ephemeral, for the web chat sockets). */
  z.object({ o: z.string(), k: z.literal('typing'), c: z.string() }),
]);
export type Notification = z.infer<typeof notificationSchema>;

/** Reads a payload; anything else on the channel (another version, a typo in psql) is ignored. */
export function parseNotification(payload: string | undefined): Notification | null {
  if (!payload) return null;
  try {
    const parsed = notificationSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
