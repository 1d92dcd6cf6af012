import type { Attachment, ConversationReference } from 'botframework-schema';
import { z } from 'zod';
import { isLanguage, type InboundActivity, type Language } from '../../core/types.js';

const account = z.looseObject({ id: z.string().min(1).max(512), name: z.string().max(512).optional(), role: z.string().optional() });

/**
 * What kentro reads of an activity the Bot Connector service posts to /api/messages. The
 * conversation, channel and service URL are what a reply needs (see referenceOf).
 */
export const azureActivity = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().min(1).max(512),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id: z.string().min(1).max(1024),
    isGroup: z.boolean().optional(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
  }),
  text: z.string().optional(),
  value: z.unknown().optional(),
  locale: z.string().max(64).optional(),
  timestamp: z.string().optional(),
  attachments: z.array(z.looseObject({ contentType: z.string(), contentUrl: z.string().optional(), name: z.string().optional() })).optional(),
  membersAdded: z.array(account).optional(),
});
export type AzureActivity = z.infer<typeof azureActivity>;

/**
 * The citizen's identity (ContactInbox.sourceId). One Azure bot serves several channels (Teams,
 * Facebook, Web Chat…) whose user ids are only unique within the channel.
 */
export function citizenId(activity: Pick<AzureActivity, 'channelId' | 'from'>): string {
  return `${activity.channelId}:${activity.from.id}`;
}

/** Activity ids are unique within a conversation only; this one is unique in the inbox (dedupe). */
export function messageSourceId(activity: Pick<AzureActivity, 'channelId' | 'conversation' | 'id'>): string {
  return `${activity.channelId}:${activity.conversation.id}:${activity.id}`;
}

/** The locale the channel reports ('el-GR') as one of our languages, or undefined (only a guess). */
export function languageOf(activity: Pick<AzureActivity, 'locale'>): Language | undefined {
  const base = activity.locale?.toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : undefined;
}

/**
 * What reaching this citizen later takes (the outbox sends long after the turn): the service URL,
 * channel, conversation and both accounts. No activity id: replies are new messages, not threads.
 */
export function referenceOf(activity: AzureActivity): ConversationReference {
  const { conversation } = activity;
  return {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    conversation: {
      id: conversation.id,
      isGroup: conversation.isGroup ?? false,
      conversationType: conversation.conversationType ?? '',
      name: '',
      ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
    },
    bot: { id: activity.recipient.id, name: activity.recipient.name ?? '' },
    user: { id: activity.from.id, name: activity.from.name ?? '' },
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
}

/** A message activity as the core's neutral activity. */
export function messageActivity(activity: AzureActivity): InboundActivity {
  const attachments = filesOf(activity);
  const timestamp = activity.timestamp ? new Date(activity.timestamp) : undefined;
  return {
    type: 'message',
    id: messageSourceId(activity),
    from: { id: citizenId(activity), role: 'user', ...(activity.from.name ? { name: activity.from.name } : {}) },
    text: activity.text ?? '',
    // postBack / messageBack buttons send their value apart from the text.
    ...(typeof activity.value === 'string' && activity.value ? { value: activity.value } : {}),
    ...(timestamp && !Number.isNaN(timestamp.getTime()) ? { timestamp } : {}),
    ...(attachments.length ? { attachments } : {}),
  };
}

/**
 * Files keep the channel's URL and name for staff; nothing is downloaded. Teams repeats every
 * message as a text/html attachment, and cards are the bot's own, so those are left out.
 */
function filesOf(activity: AzureActivity): Attachment[] {
  return (activity.attachments ?? [])
    .filter((a) => a.contentType !== 'text/html' && !a.contentType.startsWith('application/vnd.microsoft.card.'))
    .map((a) => ({
      contentType: a.contentType,
      ...(a.contentUrl ? { contentUrl: a.contentUrl } : {}),
      ...(a.name ? { name: a.name } : {}),
      content: { channel: 'azure', channelId: activity.channelId },
    }));
}
