import { noticeText, type NoticeText } from '../../../consent/notice.js';
import type { Answer, Flow, FlowContext, Next, Option, Step } from '../../engine/types.js';
import { phonesOf } from '../centre-facts.js';

export const CONSENT_FLOW = 'consent';

const ACCEPT = 'consent:yes';
const DECLINE = 'consent:no';
const READ_MORE = 'consent:more';

/** "This is not available here": no notice in content, or no consent port (transcript tests). */
export function consentUnavailable(ctx: FlowContext): Next {
  ctx.say(ctx.t('consent:unavailable', { phone: phonesOf(ctx) }));
  return { end: true };
}

/** Where an accepted consent leads: the flow in slot `then` (with `thenSlots`), or the menu. */
function continueTo(ctx: FlowContext): Next {
  const then = ctx.slots.then;
  const slots = ctx.slots.thenSlots;
  if (typeof then !== 'string' || then === CONSENT_FLOW) {
    ctx.say(ctx.t('consent:thanks'));
    return { end: true };
  }
  return slots && typeof slots === 'object' && !Array.isArray(slots) ? { flow: then, slots } : { flow: then };
}

/** A text of the privacy notice for the citizen's language and centre ("" without a notice in content). */
export function noticeFor(ctx: FlowContext, part: NoticeText): string {
  return ctx.content.privacy ? noticeText(ctx.content.privacy, part, ctx.lang, ctx.centre, phonesOf(ctx)) : '';
}

async function decide(answer: Answer, ctx: FlowContext): Promise<Next> {
  const value = answer.kind === 'option' ? answer.value : '';
  if (value === READ_MORE) return { step: 'full' };
  const consent = ctx.services.consent;
  if (!consent) return consentUnavailable(ctx);
  if (value === ACCEPT) {
    await consent.record(true, ctx.lang);
    return continueTo(ctx);
  }
  // Declining is fine: nothing personal is asked; general questions and booking by phone remain.
  await consent.record(false, ctx.lang);
  ctx.say(ctx.t('consent:declined', { phone: phonesOf(ctx) }));
  return { end: true };
}

const buttons = (ctx: FlowContext, more: boolean): Option[] => [
  { value: ACCEPT, label: ctx.t('consent:buttons.accept') },
  { value: DECLINE, label: ctx.t('consent:buttons.decline') },
  ...(more ? [{ value: READ_MORE, label: ctx.t('consent:buttons.readMore') }] : []),
];

const notice: Step = {
  expect: 'choice',
  // Asked once per notice version: a contact who already agreed goes straight on.
  skip: async (ctx) => {
    const consent = ctx.services.consent;
    if (!consent || !ctx.content.privacy) return consentUnavailable(ctx);
    return (await consent.granted()) ? continueTo(ctx) : null;
  },
  prompt: (ctx) => `${noticeFor(ctx, 'short')}\n\n${ctx.t('consent:question')}`,
  options: (ctx) => buttons(ctx, true),
  onAnswer: decide,
};

const full: Step = {
  expect: 'choice',
  prompt: (ctx) => `${noticeFor(ctx, 'full')}\n\n${ctx.t('consent:question')}`,
  options: (ctx) => buttons(ctx, false),
  onAnswer: decide,
};

/**
 * The privacy notice and the consent asked before any personal question. Entered with slot
 * `then` (a flow id, optionally `thenSlots`): accepted → that flow; declined → the refusal is
 * stored, the citizen is told what still works, and the menu.
 */
export const consentFlow: Flow = { id: CONSENT_FLOW, start: 'notice', steps: { notice, full } };

/** The privacy notice and the consent asked before any personal question. */
export const CONSENT_FLOWS: Flow[] = [consentFlow];
