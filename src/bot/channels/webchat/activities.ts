import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Button, TranscriptMessage } from '../../core/types.js';

/**
 * The Bot Framework activity shapes the Direct Line endpoint sends, and the mapping from the
 * core's transcript. Ids are `${conversationId}|${seq}`, so an id says where a message sits.
 */

export const CHANNEL_ID = 'directline';
export const BOT = { id: 'kentro', name: 'kentro', role: 'bot' } as const;
const STAFF = { id: 'kentro-staff', name: 'kentro', role: 'bot' } as const;

export interface ChannelAccount {
  id: string;
  name?: string;
  role: 'user' | 'bot';
}

export interface SuggestedAction {
  type: 'messageBack';
  title: string;
  text: string;
  displayText: string;
  value: string;
}

export interface DirectLineActivity {
  type: 'message' | 'typing' | 'conversationUpdate';
  id: string;
  channelId: typeof CHANNEL_ID;
  conversation: { id: string };
  from: ChannelAccount;
  timestamp: string;
  text?: string;
  textFormat?: 'plain' | 'markdown';
  locale?: string;
  suggestedActions?: { actions: SuggestedAction[] };
  attachments?: Attachment[];
  membersAdded?: ChannelAccount[];
  channelData?: Record<string, unknown>;
  replyToId?: string;
}

export interface ActivitySet {
  activities: DirectLineActivity[];
  watermark: string;
}

export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${seq}`;
}

/**
 * A button as a Bot Framework card action. `messageBack` rather than `imBack`: the citizen sees
 * the button's title as their own message while the core receives the button's value
 * ('lang:ar', 'cmd:menu'). With imBack the value itself would be shown and sent as text.
 */
export function toAction(button: Button): SuggestedAction {
  return { type: 'messageBack', title: button.title, text: button.title, displayText: button.title, value: button.value };
}

const attachmentSchema = z.object({
  contentType: z.string().max(200),
  contentUrl: z.string().max(2000).optional(),
  name: z.string().max(300).optional(),
});
type Attachment = z.infer<typeof attachmentSchema>;

/** Only attachments in the Bot Framework shape reach a client; anything else is dropped. */
function attachmentsOf(raw: unknown[]): Attachment[] {
  return raw.flatMap((a) => {
    const parsed = attachmentSchema.safeParse(a);
    return parsed.success ? [parsed.data] : [];
  });
}

/** One transcript message as the activity Web Chat renders. */
export function toActivity(message: TranscriptMessage, userId: string): DirectLineActivity {
  const fromCitizen = message.senderType === 'contact';
  const activity: DirectLineActivity = {
    type: 'message',
    id: activityId(message.conversationId, message.seq),
    channelId: CHANNEL_ID,
    conversation: { id: message.conversationId },
    from: fromCitizen ? { id: userId, role: 'user' } : message.senderType === 'staff' ? { ...STAFF } : { ...BOT },
    timestamp: message.createdAt.toISOString(),
    // Plain text: what a citizen types is shown as typed, never interpreted as markup.
    textFormat: 'plain',
  };
  if (message.text !== null) activity.text = message.text;
  if (message.language) activity.locale = message.language;
  if (!fromCitizen && message.buttons.length > 0) {
    // No `to`: Web Chat hides suggested actions addressed to an id other than its own user id.
    activity.suggestedActions = { actions: message.buttons.map(toAction) };
  }
  const attachments = attachmentsOf(message.attachments);
  if (attachments.length > 0) activity.attachments = attachments;
  // Web Chat matches the echo of a sent message by this id; without it the message shows "Send failed".
  if (fromCitizen && message.clientActivityId) activity.channelData = { clientActivityID: message.clientActivityId };
  return activity;
}

/** The members-added event every Direct Line conversation starts with; it sits before seq 1. */
export function conversationUpdate(conversationId: string, userId: string, at: Date): DirectLineActivity {
  return {
    type: 'conversationUpdate',
    id: activityId(conversationId, 0),
    channelId: CHANNEL_ID,
    conversation: { id: conversationId },
    from: { ...BOT },
    timestamp: at.toISOString(),
    membersAdded: [{ ...BOT }, { id: userId, role: 'user' }],
  };
}

/** "The bot is writing…": shown by Web Chat until the next bot message (or a few seconds). */
export function typingActivity(conversationId: string): DirectLineActivity {
  return {
    type: 'typing',
    id: `${conversationId}|typing-${randomUUID()}`,
    channelId: CHANNEL_ID,
    conversation: { id: conversationId },
    from: { ...BOT },
    timestamp: new Date().toISOString(),
  };
}

/**
 * The activities after a watermark, with the conversationUpdate first when the client has
 * seen nothing yet (no watermark). The new watermark is the last seq delivered.
 */
export function activitySet(conversationId: string, userId: string, messages: TranscriptMessage[], after: Watermark): ActivitySet {
  const activities = messages.map((m) => toActivity(m, userId));
  if (after === null) activities.unshift(conversationUpdate(conversationId, userId, messages[0]?.createdAt ?? new Date()));
  const last = messages.at(-1)?.seq ?? after ?? 0;
  return { activities, watermark: String(last) };
}

/** null: the client has seen nothing (not even the conversationUpdate); n: it has seen seq ≤ n. */
export type Watermark = number | null;

export const watermarkSchema = z
  .string()
  .max(12)
  .regex(/^\d*$/, 'must be the watermark a previous answer gave (a whole number)')
  .optional()
  .transform((w): Watermark => (w === undefined || w === '' ? null : Number(w)));

/**
 * An activity a client posts. Lenient on what Web Chat adds (entities, timestamps, from) and
 * strict on what the core reads. The text has no length limit here: the core answers an
 * oversized text with a polite reply, which the citizen must see.
 */
export const inboundActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  text: z.string().optional(),
  value: z.unknown().optional(),
  locale: z.string().max(64).optional(),
  attachments: z.array(z.unknown()).max(50).optional(),
  channelData: z.looseObject({ clientActivityID: z.string().min(1).max(200).optional() }).optional(),
});
export type InboundDirectLineActivity = z.infer<typeof inboundActivitySchema>;
