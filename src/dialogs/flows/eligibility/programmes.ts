import { answerFor, type Programme } from '../../../content/programmes.js';
import { SCREENED_PROGRAMMES } from '../../../eligibility/schema.js';
import type { Flow, FlowContext, Option } from '../../engine/types.js';
import { centreName, phonesOf } from '../centre-facts.js';
import { offerCheck } from './offer.js';

/** Programmes with a screener first (ΕΕΕ leading), then the others in id order. */
function ordered(ctx: FlowContext): Programme[] {
  const all = [...(ctx.content.programmes?.values() ?? [])];
  const rank = (p: Programme): number => {
    const i = (SCREENED_PROGRAMMES as readonly string[]).indexOf(p.id);
    return i === -1 ? SCREENED_PROGRAMMES.length : i;
  };
  return all.sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The short, localized name the classifier's "did you mean" uses too. */
function options(ctx: FlowContext): Option[] {
  return ordered(ctx).map((p) => ({ value: `programme:${p.id}`, label: ctx.t(`nlu:intents.${p.intents[0]!}`) }));
}

/**
 * Menu item "Benefits and programmes": pick a programme, read its answer from content/programmes,
 * then (for the five with rules) the offer to check eligibility.
 */
export const programmesFlow: Flow = {
  id: 'programmes',
  start: 'pick',
  steps: {
    pick: {
      expect: 'choice',
      // Without programme content, the honest route that always works: the centre's phone.
      skip: (ctx) => {
        if (ctx.content.programmes?.size) return null;
        const centre = ctx.centre ? centreName(ctx.centre, ctx.lang) : '';
        ctx.say(ctx.t('menu:programmesInfo', { centre, phone: phonesOf(ctx) }));
        return { end: true };
      },
      prompt: (ctx) => ctx.t('eligibility:programmes.pick'),
      options,
      onAnswer: (answer, ctx) => {
        const id = answer.kind === 'option' ? answer.value.slice('programme:'.length) : '';
        const programme = ctx.content.programmes?.get(id);
        if (!programme) return { end: true };
        ctx.say(answerFor(programme, programme.intents[0]!, ctx.lang));
        return offerCheck(programme.id) ?? { end: true };
      },
    },
  },
};
