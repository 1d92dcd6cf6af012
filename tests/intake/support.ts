import type { ConversationCore } from '../../src/bot/core/core.js';
import type { Button, Language, TranscriptMessage } from '../../src/bot/core/types.js';
import type { ConsentKind, ConsentPort } from '../../src/consent/port.js';
import type { FlowRegistry } from '../../src/dialogs/engine/engine.js';
import type { FlowServices } from '../../src/dialogs/engine/services.js';
import { createFlowRegistry } from '../../src/dialogs/registry.js';
import type { IntakeAnswers } from '../../src/intake/answers.js';
import type { IntakePort } from '../../src/intake/port.js';

/**
 * The bot's flows, plus a button that opens the pre-intake from anywhere: in the product the
 * "My data" flow leads there; the tests enter it directly so they do not depend on that flow.
 */
export function flowsWithIntakeEntry(): FlowRegistry {
  const base = createFlowRegistry();
  return { ...base, action: (value) => (value === 'test:intake' ? { flow: 'intake' } : (base.action?.(value) ?? null)) };
}

/** In-memory consent and intake ports, for transcript tests of the flows alone. */
export function fakePorts(noticeVersion = '1') {
  const consents: { kind: ConsentKind; granted: boolean; language: Language; withdrawn: boolean }[] = [];
  const cases: { centreId: string; answers: IntakeAnswers; language: Language }[] = [];
  const latest = (kind: ConsentKind) => consents.filter((c) => c.kind === kind && !c.withdrawn).at(-1);
  const consent: ConsentPort = {
    noticeVersion,
    granted: async (kind = 'personal') => latest(kind)?.granted === true,
    record: async (granted, language, kind = 'personal') => {
      if (latest(kind)?.granted !== granted) consents.push({ kind, granted, language, withdrawn: false });
    },
    withdraw: async (kind = 'personal') => {
      for (const c of consents) if (c.kind === kind) c.withdrawn = true;
    },
  };
  const intake: IntakePort = {
    current: async (centreId) => {
      const i = cases.findIndex((c) => c.centreId === centreId);
      return i < 0 ? null : { caseId: `case-${i}`, answers: cases[i]!.answers };
    },
    save: async (answers, { centreId, language }) => {
      const i = cases.findIndex((c) => c.centreId === centreId);
      if (i >= 0) cases[i] = { centreId, answers, language };
      else cases.push({ centreId, answers, language });
      return { caseId: `case-${i < 0 ? cases.length - 1 : i}`, created: i < 0 };
    },
  };
  const services: FlowServices = { consent, intake };
  return { services, consents, cases };
}

/** A citizen chatting through the conversation core: each call is one message, returns the replies. */
export function citizen(core: ConversationCore, inboxId: string, conversationId: string) {
  let n = 0;
  const prefix = `${conversationId}-${Math.random().toString(36).slice(2, 8)}`;
  const send = async (text: string, value?: string): Promise<TranscriptMessage[]> => {
    const outcome = await core.handle({ inboxId, conversationId, activity: { type: 'message', id: `${prefix}-${++n}`, from: { id: 'citizen' }, text, ...(value ? { value } : {}) } });
    if (outcome.status !== 'processed') throw new Error(`turn ${outcome.status}`);
    return outcome.replies;
  };
  return {
    say: (text: string) => send(text),
    /** Presses the button whose value is `value` (title as the channel would echo it). */
    press: (value: string, title = value) => send(title, value),
  };
}

export const textOf = (replies: { text: string | null }[]): string => replies.map((r) => r.text ?? '').join('\n');
export const buttonsOf = (replies: { buttons?: Button[] }[]): Button[] => replies.flatMap((r) => r.buttons ?? []);
export const lastButtons = (replies: { buttons?: Button[] }[]): string[] => (replies.at(-1)?.buttons ?? []).map((b) => b.value);
