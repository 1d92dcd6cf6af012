import { renderParts } from '../../core/render.js';
import type { Button, ChannelCapabilities } from '../../core/types.js';
import type { ChannelSender, OutgoingPart } from '../../outbox/types.js';
import type { ViberClient } from './client.js';
import { MAX_BUTTONS, viberKeyboard } from './keyboard.js';
import { outgoingSourceId } from './receipts.js';

export const VIBER_CAPABILITIES: ChannelCapabilities = {
  maxButtons: MAX_BUTTONS,
  maxButtonTitle: 100,
  maxText: 7000, // Viber's limit for a text message
  files: true,
  locationRequest: true,
};

/** Cuts a reply for Viber (more than 24 options become a numbered list) and sends it. */
export function renderForViber(reply: { text: string; buttons: Button[] }): OutgoingPart[] {
  return renderParts(reply, VIBER_CAPABILITIES);
}

export class ViberSender implements ChannelSender {
  readonly channel = 'viber';
  readonly capabilities = VIBER_CAPABILITIES;

  constructor(private readonly client: ViberClient) {}

  render(reply: { text: string; buttons: Button[] }): OutgoingPart[] {
    return renderForViber(reply);
  }

  async sendPart(userId: string, part: OutgoingPart): Promise<string> {
    const token = await this.client.sendMessage(userId, { type: 'text', text: part.text, ...(part.buttons.length ? { keyboard: viberKeyboard(part.buttons) } : {}) });
    return outgoingSourceId(token);
  }
}
