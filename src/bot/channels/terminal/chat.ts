import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import type { ConversationCore } from '../../core/core.js';
import { splitButtons } from '../../core/render.js';
import { inboxId } from '../../../db/sync-content.js';
import type { ChannelCapabilities, Language, TranscriptMessage } from '../../core/types.js';

/** A terminal shows no buttons: options are printed numbered and chosen by typing the number. */
export const terminalCapabilities: ChannelCapabilities = { maxButtons: 0, maxButtonTitle: 0, maxText: 100_000, files: false, locationRequest: false };

export interface TerminalChatOptions {
  core: ConversationCore;
  centreId?: string;
  language?: Language;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Interactive prompt (a TTY) or one message per line until end of input (scripts). */
  interactive: boolean;
}

export function formatReply(message: TranscriptMessage): string {
  const { text, buttons } = splitButtons(message.text ?? '', message.buttons, terminalCapabilities);
  return `${text}\n${buttons.map((b) => `  [${b.title}]`).join('\n')}`.trimEnd();
}

/** `kentro chat`: the same core as every channel, through the "terminal" channel. */
export async function runTerminalChat(opts: TerminalChatOptions): Promise<void> {
  const { core, output } = opts;
  const print = (messages: TranscriptMessage[]) => {
    for (const m of messages) if (m.senderType !== 'contact') output.write(`\n${formatReply(m)}\n`);
  };
  const inbox = inboxId('terminal', opts.centreId ?? null);
  const userId = `terminal-${randomUUID()}`;
  const { conversationId } = await core.startConversation({ inboxId: inbox, userId, ...(opts.centreId ? { centreId: opts.centreId } : {}), ...(opts.language ? { language: opts.language } : {}) });
  print(await core.transcript(conversationId));

  const rl = createInterface({ input: opts.input, output: opts.interactive ? output : undefined, terminal: opts.interactive });
  if (opts.interactive) {
    rl.setPrompt('> ');
    rl.prompt();
  }
  let n = 0;
  for await (const line of rl) {
    if (!opts.interactive) output.write(`\n> ${line}\n`);
    const outcome = await core.handle({ inboxId: inbox, conversationId, activity: { type: 'message', id: `${userId}-${++n}`, from: { id: userId }, text: line } });
    if (outcome.status !== 'duplicate') print(outcome.replies);
    if (opts.interactive) rl.prompt();
  }
}
