import { ConversationCore } from '../../src/bot/core/core.js';
import type { TranscriptMessage } from '../../src/bot/core/types.js';
import { createAppointmentsPort } from '../../src/appointments/port.js';
import { AppointmentService } from '../../src/appointments/service.js';
import { holidayOverrides } from '../../src/appointments/holidays-content.js';
import type { Db } from '../../src/db/client.js';
import { inboxId } from '../../src/db/sync-content.js';
import type { Language } from '../../src/bot/core/types.js';
import { shippedContent } from '../support/transcript.js';

/** A fixed "now" for chat tests: Wednesday 24 March 2027, 10:00 in Athens (winter time). */
export const NOW = new Date('2027-03-24T10:00:00+02:00');

export async function serviceAt(db: Db, now: Date = NOW): Promise<AppointmentService> {
  return new AppointmentService(db, await shippedContent(), holidayOverrides(), () => now);
}

/**
 * The conversation core with the appointment port on a fixed clock (no classifier: the
 * citizen presses buttons or types numbers), and a citizen talking to it on the web chat.
 */
export async function chatCore(db: Db, service: AppointmentService): Promise<ConversationCore> {
  return new ConversationCore(db, await shippedContent(), {
    services: (identity) => ({ identity, appointments: createAppointmentsPort(service, identity, () => NOW) }),
  });
}

let n = 0;

export async function citizen(core: ConversationCore, language: Language, centreId = 'thira') {
  const inbox = inboxId('webchat', centreId);
  const { conversationId } = await core.startConversation({ inboxId: inbox, userId: `u-${language}-${++n}`, centreId, language });
  const send = async (text: string, value?: string): Promise<TranscriptMessage[]> => {
    const outcome = await core.handle({ inboxId: inbox, conversationId, activity: { type: 'message', id: `m-${++n}`, from: { id: 'citizen' }, text, ...(value ? { value } : {}) } });
    if (outcome.status !== 'processed') throw new Error(`turn ${outcome.status}`);
    return outcome.replies;
  };
  return {
    conversationId,
    say: (text: string) => send(text),
    press: (value: string, title = value) => send(title, value),
  };
}

export const textOf = (replies: TranscriptMessage[]) => replies.map((r) => r.text ?? '').join('\n');
export const buttonsOf = (replies: TranscriptMessage[]) => replies.flatMap((r) => r.buttons);
export const valuesOf = (replies: TranscriptMessage[]) => buttonsOf(replies).map((b) => b.value);
export const titlesOf = (replies: TranscriptMessage[]) => buttonsOf(replies).map((b) => b.title);
