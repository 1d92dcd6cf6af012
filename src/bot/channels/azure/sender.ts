import type { Activity, SuggestedActions } from 'botframework-schema';
import type { Prisma } from '../../../db/client.js';
import { renderParts } from '../../core/render.js';
import type { Button, ChannelCapabilities } from '../../core/types.js';
import { DeliveryError } from '../../outbox/errors.js';
import type { ChannelSender, OutgoingPart } from '../../outbox/types.js';
import { loadReference } from './reference.js';

export const AZURE_CAPABILITIES: ChannelCapabilities = {
  // Suggested actions: Facebook shows 13 at most; kentro's menus have up to 7.
  maxButtons: 13,
  maxButtonTitle: 100,
  // The strictest common channel (Facebook Messenger) takes 2000 characters.
  maxText: 2000,
  files: true,
  locationRequest: false,
};

/** The Bot Connector side the sender needs (AzureConnector; a test can stand in). */
export interface ConnectorPort {
  send(reference: NonNullable<Awaited<ReturnType<typeof loadReference>>>, activity: Partial<Activity>): Promise<string>;
}

/**
 * Buttons as suggested actions (imBack): pressing one sends its title as the citizen's message,
 * which every channel shows and supports; the handler maps it back to the button's value.
 */
export function suggestedActions(buttons: Button[]): SuggestedActions {
  return { to: [], actions: buttons.map((b) => ({ type: 'imBack', title: b.title, value: b.title })) };
}

export function renderForAzure(reply: { text: string; buttons: Button[] }): OutgoingPart[] {
  return renderParts(reply, AZURE_CAPABILITIES);
}

/** Delivers outbox messages to the citizen's stored conversation through the Bot Connector service. */
export class AzureSender implements ChannelSender {
  readonly channel = 'azure';
  readonly capabilities = AZURE_CAPABILITIES;

  constructor(
    private readonly connector: ConnectorPort,
    private readonly prisma: Prisma,
    private readonly inboxId: string,
  ) {}

  render(reply: { text: string; buttons: Button[] }): OutgoingPart[] {
    return renderForAzure(reply);
  }

  async sendPart(recipient: string, part: OutgoingPart): Promise<string> {
    const reference = await loadReference(this.prisma, this.inboxId, recipient);
    if (!reference) throw new DeliveryError('permanent', 'azure: no conversation reference for this citizen');
    const id = await this.connector.send(reference, {
      type: 'message',
      text: part.text,
      textFormat: 'plain',
      ...(reference.locale ? { locale: reference.locale } : {}),
      ...(part.buttons.length ? { suggestedActions: suggestedActions(part.buttons) } : {}),
    });
    // Kept apart from incoming ids; the connector's ids are unique within a conversation only.
    return id ? `out:${reference.channelId}:${reference.conversation.id}:${id}` : '';
  }
}
