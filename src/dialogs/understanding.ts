import { isLanguage, type Language } from '../bot/core/types.js';
import { answerFor, isProgrammeIntent, programmeFor } from '../content/programmes.js';
import type { FlowContext, Next, Understanding } from './engine/types.js';
import { ANSWERS } from './flows/centre-info.js';
import { centreName } from './flows/centre-facts.js';
import { offerAfterAnswer, screenerFor } from './flows/eligibility/offer.js';

/** Above this score the intent is acted on; between the floors, "did you mean …?". */
export const CONFIDENT = 0.6;
const SUGGEST_FLOOR = 0.1;

/** Where each intent leads: an answer said now (then the menu) or a flow. */
export function routeIntent(intent: string, ctx: FlowContext): Next | null {
  const centre = ctx.centre;
  switch (intent) {
    case 'greeting':
      ctx.say(ctx.t('nlu:greeting'));
      return { end: true };
    case 'goodbye':
      ctx.say(ctx.t('nlu:goodbye'));
      return { wait: true };
    case 'thanks':
      ctx.say(ctx.t('nlu:thanks'));
      return { wait: true };
    case 'help':
      ctx.say(ctx.t('nlu:help'));
      return { end: true };
    case 'language_change':
      return { flow: 'language' };
    case 'human_handoff':
    case 'emergency':
      // Emergency numbers were already sent by the pre-dialog check; a person follows up.
      return { flow: 'person' };
    case 'centre_hours':
    case 'centre_location':
    case 'centre_contact': {
      if (!centre) return { flow: 'centre-choice' };
      const topic = intent === 'centre_hours' ? 'hours' : intent === 'centre_location' ? 'address' : 'contact';
      ctx.say(ANSWERS[topic](ctx));
      return { end: true };
    }
    case 'centre_services': {
      if (!centre) return { flow: 'centre-choice' };
      const list = centre.services.map((s) => `• ${ctx.lang === 'el' ? s.el : s.en}`).join('\n');
      ctx.say(`${ctx.t('nlu:services', { centre: centreName(centre, ctx.lang) })}\n${list}`);
      return { end: true };
    }
    case 'appointment_book':
      return { flow: 'appointments', slots: { intent: 'book' } };
    case 'appointment_cancel':
      return { flow: 'appointments', slots: { intent: 'cancel' } };
    case 'appointment_reschedule':
      return { flow: 'appointments', slots: { intent: 'change' } };
    case 'appointment_list':
      return { flow: 'appointments', slots: { intent: 'list' } };
    case 'privacy_data':
      return { flow: 'privacy', step: 'summary' };
    case 'privacy_delete':
      return { flow: 'privacy', step: 'erase' };
    default: {
      if (!isProgrammeIntent(intent)) return null;
      const screener = screenerFor(intent);
      if (screener) return screener;
      const programme = ctx.content.programmes ? programmeFor(ctx.content.programmes, intent) : undefined;
      if (!programme) return { flow: 'programmes' };
      ctx.say(answerFor(programme, intent, ctx.lang));
      // Programmes with a screener: "Check if you may be eligible?" after the answer.
      return offerAfterAnswer(intent) ?? { end: true };
    }
  }
}

/**
 * The engine's free-text fallback: a message clearly in another language gets an offer to
 * switch; a confident intent is acted on; a weak one gets "did you mean …?" with the best three.
 */
export function understandText(u: Understanding, ctx: FlowContext): Next | null {
  if (ctx.languageKnown && u.languageConfident && u.language !== ctx.lang && isLanguage(u.language)) {
    return { flow: 'switch-language', slots: { to: u.language } };
  }
  if (u.intent !== 'None' && u.score >= CONFIDENT) {
    const to = routeIntent(u.intent, ctx);
    if (to) return to;
  }
  const suggestions = u.alternatives.filter((a) => a.intent !== 'None' && a.score >= SUGGEST_FLOOR).slice(0, 3);
  if (suggestions.length > 0) return { flow: 'clarify', slots: { intents: suggestions.map((s) => s.intent) } };
  return null;
}

export type { Language };
