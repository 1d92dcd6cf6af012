import { parseAction } from '../../../appointments/actions.js';
import type { Flow, FlowContext, Next, Step } from '../../engine/types.js';
import { actionStep } from '../../engine/action.js';
import { appointmentLine, bookedText, chosenLabels, dayStep, FLOW, listOf, portOf, timeStep, toDays, toJson, yesNoStep, afterTaken } from './common.js';

/** What the citizen asked for when they came in by free text ("cancel my appointment"). */
export type Intent = 'book' | 'list' | 'cancel' | 'change';

/** The entry: the citizen's appointments and what to do, or straight to booking when there are none. */
export const entryFlow: Flow = {
  id: FLOW.entry,
  start: 'start',
  steps: {
    start: actionStep(async (ctx) => {
      const port = portOf(ctx);
      if (!port) return { end: true };
      const intent = ctx.slots.intent as Intent | undefined;
      const list = await port.upcoming();
      if (list.length === 0) {
        if (intent && intent !== 'book') ctx.say(ctx.t('appointments:list.none'));
        return { flow: FLOW.book };
      }
      ctx.say([ctx.t('appointments:list.header'), ...list.map((a) => `• ${appointmentLine(ctx, a)}`)].join('\n'));
      if (intent === 'cancel') return { flow: FLOW.cancel, slots: { list: toJson(list) } };
      if (intent === 'change') return { flow: FLOW.change, slots: { list: toJson(list) } };
      ctx.slots.list = toJson(list);
      return { step: 'choose' };
    }),
    choose: {
      expect: 'choice',
      prompt: (ctx) => ctx.t('appointments:choose.prompt'),
      options: (ctx) => [
        { value: 'appointments:new', label: ctx.t('appointments:choose.options.new') },
        { value: 'appointments:change', label: ctx.t('appointments:choose.options.change') },
        { value: 'appointments:cancel', label: ctx.t('appointments:choose.options.cancel') },
      ],
      onAnswer: (answer, ctx) => {
        const list = ctx.slots.list ?? [];
        if (answer.kind === 'option' && answer.value === 'appointments:change') return { flow: FLOW.change, slots: { list } };
        if (answer.kind === 'option' && answer.value === 'appointments:cancel') return { flow: FLOW.cancel, slots: { list } };
        return { flow: FLOW.book };
      },
    },
  },
};

/** Which appointment (skipped when there is one, or one was given in slot `id`). */
function pickStep(then: (ctx: FlowContext) => Next | Promise<Next>): Step {
  return {
    expect: 'choice',
    prompt: (ctx) => ctx.t('appointments:pick'),
    skip: (ctx) => {
      const list = listOf(ctx);
      if (typeof ctx.slots.id !== 'string' && list.length === 1) ctx.slots.id = list[0]!.id;
      return typeof ctx.slots.id === 'string' ? then(ctx) : null;
    },
    options: (ctx) => listOf(ctx).map((a) => ({ value: `pick:${a.id}`, label: appointmentLine(ctx, a) })),
    onAnswer: (answer, ctx) => {
      if (answer.kind !== 'option') return { stay: true };
      ctx.slots.id = answer.value.slice('pick:'.length);
      return then(ctx);
    },
  };
}

function picked(ctx: FlowContext) {
  return listOf(ctx).find((a) => a.id === ctx.slots.id) ?? null;
}

export const cancelFlow: Flow = {
  id: FLOW.cancel,
  start: 'pick',
  steps: {
    pick: pickStep(() => ({ step: 'confirm' })),
    confirm: yesNoStep(
      (ctx) => {
        const a = picked(ctx);
        return ctx.t('appointments:cancel.confirm', { appointment: a ? appointmentLine(ctx, a) : '' });
      },
      async (yes, ctx) => {
        const port = portOf(ctx);
        if (!yes || !port || typeof ctx.slots.id !== 'string') {
          if (port) ctx.say(ctx.t('appointments:cancel.kept'));
          return { end: true };
        }
        ctx.say(ctx.t((await port.cancel(ctx.slots.id)) ? 'appointments:cancel.done' : 'appointments:notFound'));
        return { end: true };
      },
    ),
  },
};

export const changeFlow: Flow = {
  id: FLOW.change,
  start: 'pick',
  steps: {
    pick: pickStep((ctx) => {
      const a = picked(ctx);
      if (!a) {
        ctx.say(ctx.t('appointments:notFound'));
        return { end: true };
      }
      ctx.slots.centreId = a.centreId;
      ctx.slots.location = a.location;
      return toDays(ctx);
    }),
    day: dayStep,
    time: timeStep,
    confirm: yesNoStep(
      (ctx) => ctx.t('appointments:change.confirm', chosenLabels(ctx)),
      async (yes, ctx) => {
        const port = portOf(ctx);
        if (!yes || !port || typeof ctx.slots.id !== 'string' || typeof ctx.slots.start !== 'string') {
          if (port) ctx.say(ctx.t('appointments:cancel.kept'));
          return { end: true };
        }
        const result = await port.reschedule(ctx.slots.id, ctx.slots.start);
        if (!result.ok && result.error === 'taken') return afterTaken(ctx);
        if (!result.ok) {
          ctx.say(ctx.t('appointments:notFound'));
          return { end: true };
        }
        ctx.say(bookedText(ctx, result.appointment, result.reminder, 'appointments:change.done'));
        return { end: true };
      },
    ),
  },
};

/** A reminder's button pressed, wherever the conversation was: I'll come, change, cancel. */
export const actionFlow: Flow = {
  id: FLOW.action,
  start: 'start',
  steps: {
    start: actionStep(async (ctx) => {
      const port = portOf(ctx);
      const action = typeof ctx.slots.action === 'string' ? parseAction(ctx.slots.action) : null;
      if (!port || !action) return { end: true };
      const a = await port.get(action.id);
      if (!a || a.status !== 'booked') {
        ctx.say(ctx.t('appointments:notFound'));
        return { end: true };
      }
      const list = toJson([a]);
      if (action.action === 'cancel') return { flow: FLOW.cancel, slots: { id: a.id, list } };
      if (action.action === 'change') return { flow: FLOW.change, slots: { id: a.id, list } };
      await port.confirm(a.id);
      ctx.say(ctx.t('appointments:seeYou', { appointment: appointmentLine(ctx, a) }));
      return { end: true };
    }),
  },
};
