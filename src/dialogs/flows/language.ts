import type { Flow } from '../engine/types.js';
import { actionStep } from '../engine/action.js';
import { languageOf, languageOptions } from './languages.js';
import { centreOptions, disclosure } from './welcome.js';

/** Change the language at any time ("language" command or menu item). */
export const languageFlow: Flow = {
  id: 'language',
  start: 'pick',
  steps: {
    pick: {
      expect: 'choice',
      prompt: (ctx) => ctx.t('welcome:pickLanguage'),
      options: () => languageOptions(),
      onAnswer: (answer, ctx) => {
        if (answer.kind === 'option') ctx.setLanguage(languageOf(answer.value));
        return { step: 'done' };
      },
    },
    // Said in the new language: the context is rebuilt after setLanguage.
    done: actionStep((ctx) => {
      ctx.say(ctx.t('welcome:languageSet'));
      return { end: true };
    }),
  },
};

/** Talk to another centre (a citizen may have picked the wrong one). */
export const centreChoiceFlow: Flow = {
  id: 'centre-choice',
  start: 'pick',
  steps: {
    pick: {
      expect: 'choice',
      prompt: (ctx) => ctx.t('welcome:pickCentre'),
      options: centreOptions,
      onAnswer: (answer, ctx) => {
        if (answer.kind === 'option') ctx.setCentre(answer.value.slice('centre:'.length));
        return { step: 'done' };
      },
    },
    done: actionStep((ctx) => {
      ctx.say(disclosure(ctx));
      return { end: true };
    }),
  },
};
