import type { Flow, Option, FlowContext } from '../engine/types.js';

const ITEMS = ['programmes', 'appointments', 'hours', 'person', 'privacy', 'language', 'centre'] as const;
type Item = (typeof ITEMS)[number];

/** Where each menu item leads. */
const TARGET: Record<Item, string> = {
  programmes: 'programmes',
  appointments: 'appointments',
  hours: 'centre-info',
  person: 'person',
  privacy: 'privacy',
  language: 'language',
  centre: 'centre-choice',
};

function menuOptions(ctx: FlowContext): Option[] {
  return ITEMS.map((item) => ({ value: `menu:${item}`, label: ctx.t(`menu:options.${item}`) }));
}

export const menuFlow: Flow = {
  id: 'menu',
  start: 'main',
  steps: {
    main: {
      expect: 'choice',
      prompt: (ctx) => ctx.t('menu:prompt'),
      options: menuOptions,
      onAnswer: (answer) => {
        const item = answer.kind === 'option' ? (answer.value.slice('menu:'.length) as Item) : 'hours';
        return { flow: TARGET[item] };
      },
    },
  },
};
