import { LANGUAGES } from '../../bot/core/types.js';
import { translator } from '../../i18n/index.js';
import type { Flow, FlowContext, Option } from '../engine/types.js';
import { actionStep } from '../engine/action.js';
import { centreName } from './centre-facts.js';
import { languageOf, languageOptions } from './languages.js';

export function centreOptions(ctx: FlowContext): Option[] {
  return [...ctx.content.centres.values()].map((c) => ({ value: `centre:${c.id}`, label: centreName(c, ctx.lang) }));
}

/** "I am the automated assistant of …; a person can take over at any time." */
export function disclosure(ctx: FlowContext): string {
  return ctx.t('welcome:disclosure', { centre: ctx.centre ? centreName(ctx.centre, ctx.lang) : '' });
}

/**
 * Opening of every conversation: language (buttons in each language's own script), centre
 * when the channel did not fix it, the AI disclosure, then the menu.
 */
export const welcomeFlow: Flow = {
  id: 'welcome',
  start: 'language',
  steps: {
    language: {
      expect: 'choice',
      skip: (ctx) => (ctx.languageKnown ? { step: 'centre' } : null),
      // Nobody's language is known yet: greet in all of them.
      prompt: () => LANGUAGES.map((l) => translator(l)('welcome:pickLanguage')).join('\n'),
      options: () => languageOptions(),
      onAnswer: (answer, ctx) => {
        if (answer.kind === 'option') ctx.setLanguage(languageOf(answer.value));
        return { step: 'centre' };
      },
      // "Γεια σας" or "مرحبا" instead of a button: the script says the language.
      onText: (_text, u, ctx) => {
        if (!u.languageConfident) return null;
        ctx.setLanguage(u.language);
        return { step: 'centre' };
      },
    },
    centre: {
      expect: 'choice',
      skip: (ctx) => (ctx.centre ? { step: 'intro' } : null),
      prompt: (ctx) => ctx.t('welcome:pickCentre'),
      options: centreOptions,
      onAnswer: (answer, ctx) => {
        if (answer.kind === 'option') ctx.setCentre(answer.value.slice('centre:'.length));
        return { step: 'intro' };
      },
    },
    intro: actionStep((ctx) => {
      ctx.say(disclosure(ctx));
      return { flow: 'menu' };
    }),
  },
};
