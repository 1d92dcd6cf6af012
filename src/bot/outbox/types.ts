import type { Button, ChannelCapabilities } from '../core/types.js';

/** One message as a channel sends it: a part of a stored reply that fits the channel. */
export interface OutgoingPart {
  text: string;
  /** Only on the last part of a reply. */
  buttons: Button[];
}

/**
 * What the outbox worker needs of a channel: how to cut a stored reply into parts the channel
 * accepts, and how to send one part. `sendPart` returns the channel's id of the sent message and
 * throws a DeliveryError saying whether to retry, give up or stop sending to this citizen.
 */
export interface ChannelSender {
  /** Inbox.channel this sender delivers for ('telegram', 'viber'). */
  readonly channel: string;
  readonly capabilities: ChannelCapabilities;
  render(reply: { text: string; buttons: Button[] }): OutgoingPart[];
  sendPart(recipient: string, part: OutgoingPart): Promise<string>;
}

/** Outbox row states: pending (waiting or in flight under a lease) → sent | dead | skipped. */
export const OUTBOX_STATUSES = ['pending', 'sent', 'dead', 'skipped'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
