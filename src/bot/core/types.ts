import type { Activity, CardAction, ChannelAccount } from 'botframework-schema';

/** The six languages of the dialogs; more are added with a folder under locales/. */
export const LANGUAGES = ['el', 'en', 'ar', 'fa', 'uk', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const RTL_LANGUAGES: ReadonlySet<Language> = new Set(['ar', 'fa']);

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** What a channel can render; the core degrades to text where a capability is missing. */
export interface ChannelCapabilities {
  /** Maximum buttons in one message (0 = none: options are sent as a numbered list). */
  maxButtons: number;
  /** Maximum characters of a button title. */
  maxButtonTitle: number;
  /** Maximum characters of one message; longer replies are split. */
  maxText: number;
  files: boolean;
  locationRequest: boolean;
}

/** A button: what the citizen sees and the value sent back when they press it. */
export interface Button {
  title: string;
  value: string;
}

/** One reply of the bot, channel-neutral. Stored as an outgoing Message (text + payload). */
export interface OutboundMessage {
  text: string;
  buttons?: Button[];
}

/**
 * One inbound update, normalised by a channel adapter into the Bot Framework Activity shape.
 * `from.id` is the citizen's id on that channel (ContactInbox.sourceId); `id` is the channel's
 * id of this update (Message.sourceId, used for dedupe).
 */
export type InboundActivity = Pick<Activity, 'type'> &
  Partial<Pick<Activity, 'id' | 'text' | 'value' | 'locale' | 'attachments' | 'channelData' | 'timestamp'>> & {
    from: Pick<ChannelAccount, 'id'> & Partial<Pick<ChannelAccount, 'name' | 'role'>>;
  };

/** Where an inbound activity arrived and what the channel already knows. */
export interface InboundEnvelope {
  inboxId: string;
  activity: InboundActivity;
  /** Our conversation id when the channel addresses one directly (Direct Line). */
  conversationId?: string;
  /** Centre fixed by the channel (an embed's data-centre, a Telegram deep link). */
  centreId?: string;
  /** Language the channel suggests (an embed's data-locale, Telegram's language_code). */
  language?: Language;
  /**
   * The channel delivers this turn's replies in its HTTP response (Viber's conversation_started):
   * they are stored as sent and not queued in the outbox, so they never go out twice.
   */
  repliesInline?: boolean;
}

/** A message of a conversation as channels and the inbox see it (never a private note). */
export interface TranscriptMessage {
  id: string;
  conversationId: string;
  seq: number;
  type: 'incoming' | 'outgoing' | 'activity';
  senderType: 'contact' | 'bot' | 'staff' | 'system';
  text: string | null;
  buttons: Button[];
  attachments: unknown[];
  sourceId: string | null;
  /** The client's own id of the message it sent (Web Chat's clientActivityID), echoed back. */
  clientActivityId: string | null;
  language: string | null;
  createdAt: Date;
}

export type TurnOutcome =
  | { status: 'processed'; conversationId: string; incoming: TranscriptMessage | null; replies: TranscriptMessage[] }
  | { status: 'duplicate'; conversationId: string }
  | { status: 'rejected'; reason: 'empty' | 'too_long' | 'unknown_conversation'; replies: TranscriptMessage[] };

export type CardActionLike = Pick<CardAction, 'type' | 'title' | 'value'>;
