import type { Flow, FlowContext } from '../engine/types.js';
import { centreName, phonesOf } from './centre-facts.js';

/**
 * Menu items whose full dialogs come with later capabilities (booking, handoff, privacy
 * requests). Until then each gives the honest route that works today: the centre's
 * phone and hours. A one-step flow that answers and returns to the menu.
 */
function infoFlow(id: string, key: string): Flow {
  return {
    id,
    start: 'answer',
    steps: {
      answer: {
        expect: 'choice',
        skip: (ctx: FlowContext) => {
          const centre = ctx.centre ? centreName(ctx.centre, ctx.lang) : '';
          const municipality = ctx.centre ? (ctx.lang === 'el' ? ctx.centre.municipality.el : ctx.centre.municipality.en) : '';
          ctx.say(ctx.t(key, { centre, municipality, phone: phonesOf(ctx) }));
          return { end: true };
        },
        prompt: () => '',
        onAnswer: () => ({ end: true }),
      },
    },
  };
}

// The programmes menu item is a real dialog now: programme answers and eligibility screeners.
export { programmesFlow } from './eligibility/programmes.js';
export const appointmentsFlow = infoFlow('appointments', 'menu:appointmentsInfo');
export const personFlow = infoFlow('person', 'menu:personInfo');
export const privacyFlow = infoFlow('privacy', 'menu:privacyInfo');
