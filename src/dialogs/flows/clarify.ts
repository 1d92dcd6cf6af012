import { isLanguage } from '../../bot/core/types.js';
import { translator } from '../../i18n/index.js';
import type { Flow } from '../engine/types.js';
import { actionStep } from '../engine/action.js';
import { routeIntent } from '../understanding.js';
import { LANGUAGE_NAMES } from './languages.js';

/** "Did you mean …?" with the classifier's best guesses as buttons. */
export const clarifyFlow: Flow = {
  id: 'clarify',
  start: 'pick',
  steps: {
    pick: {
      expect: 'choice',
      prompt: (ctx) => ctx.t('nlu:didYouMean'),
      options: (ctx) => {
        const intents = Array.isArray(ctx.slots.intents) ? ctx.slots.intents.filter((i): i is string => typeof i === 'string') : [];
        return [...intents.map((i) => ({ value: `intent:${i}`, label: ctx.t(`nlu:intents.${i}`) })), { value: 'intent:none', label: ctx.t('nlu:noneOfThese') }];
      },
      onAnswer: (answer, ctx) => {
        const intent = answer.kind === 'option' ? answer.value.slice('intent:'.length) : 'none';
        return (intent !== 'none' && routeIntent(intent, ctx)) || { end: true };
      },
    },
  },
};

/** The citizen wrote clearly in another language: offer to switch (asked in that language). */
export const switchLanguageFlow: Flow = {
  id: 'switch-language',
  start: 'ask',
  steps: {
    ask: {
      expect: 'choice',
      prompt: (ctx) => {
        const to = isLanguage(ctx.slots.to) ? ctx.slots.to : ctx.lang;
        return translator(to)('nlu:offerSwitch');
      },
      options: (ctx) => {
        const to = isLanguage(ctx.slots.to) ? ctx.slots.to : ctx.lang;
        return [
          { value: `lang:${to}`, label: LANGUAGE_NAMES[to] },
          { value: 'lang:keep', label: translator(to)('nlu:keepLanguage') },
        ];
      },
      onAnswer: (answer, ctx) => {
        const to = answer.kind === 'option' ? answer.value.slice('lang:'.length) : 'keep';
        if (isLanguage(to)) ctx.setLanguage(to);
        return { end: true };
      },
    },
  },
};

/** After two misunderstandings in a row: say so, and show how to reach a person. */
export const handoffOfferFlow: Flow = {
  id: 'handoff-offer',
  start: 'say',
  steps: {
    say: actionStep((ctx) => {
      ctx.say(ctx.t('nlu:personOffer'));
      // The real handoff: the staff queue, with an honest word on when a person answers.
      return { flow: 'person', slots: { reason: 'fallback' } };
    }),
  },
};
