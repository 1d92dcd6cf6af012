import type { ProgrammeIntent } from '../../../content/programmes.js';
import { isScreenedProgramme, type ScreenedProgramme } from '../../../eligibility/schema.js';
import { parseYesNo } from '../../engine/input.js';
import type { Flow, Next } from '../../engine/types.js';
import { screenerFlowId } from './screener.js';

export const OFFER_FLOW = 'eligibility-offer';

/** "Am I eligible for the ΕΕΕ?" goes straight to the screener. */
export function screenerFor(intent: string): Next | null {
  return intent === 'gmi_eligibility' ? { flow: screenerFlowId('gmi') } : null;
}

/** Intents answered from content first, then offered the screener. */
const OFFERED: Partial<Record<ProgrammeIntent, ScreenedProgramme>> = {
  child_benefit: 'child_benefit',
  housing_benefit: 'housing_benefit',
  social_electricity_tariff: 'social_electricity_tariff',
  elderly_uninsured_benefit: 'elderly_uninsured_benefit',
};

/** After the answer to `intent`: "Check if you may be eligible?", or null when it has no screener. */
export function offerAfterAnswer(intent: string): Next | null {
  const programme = OFFERED[intent as ProgrammeIntent];
  return programme ? offerCheck(programme) : null;
}

/** The offer to run `programme`'s screener, or null when it has none. */
export function offerCheck(programme: string): Next | null {
  return isScreenedProgramme(programme) ? { flow: OFFER_FLOW, slots: { programme } } : null;
}

/** "Check if you may be eligible?" — yes runs the screener, no returns to the menu. */
export const eligibilityOfferFlow: Flow = {
  id: OFFER_FLOW,
  start: 'ask',
  steps: {
    ask: {
      expect: 'choice',
      prompt: (ctx) => ctx.t('eligibility:offer.check'),
      options: (ctx) => [
        { value: 'check:yes', label: ctx.t('eligibility:buttons.check') },
        { value: 'check:no', label: ctx.t('eligibility:buttons.noThanks') },
      ],
      onAnswer: (answer, ctx) => {
        const programme = ctx.slots.programme;
        return answer.kind === 'option' && answer.value === 'check:yes' && isScreenedProgramme(programme) ? { flow: screenerFlowId(programme) } : { end: true };
      },
      // "ναι", "نعم", "так" typed instead of pressing the button.
      onText: (text, _u, ctx) => {
        const yes = parseYesNo(text);
        if (yes === null) return null;
        const programme = ctx.slots.programme;
        return yes && isScreenedProgramme(programme) ? { flow: screenerFlowId(programme) } : { end: true };
      },
    },
  },
};
