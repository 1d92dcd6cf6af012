import type { DateTime } from 'luxon';
import type { Flow, FlowContext, Next } from '../../engine/types.js';
import { actionStep } from '../../engine/action.js';
import { availability } from '../../../handoff/hours.js';
import { phonesOf } from '../centre-facts.js';

/** "on Monday 2 March at 08:00", in the citizen's language and the centre's time zone. */
function when(ctx: FlowContext, at: DateTime): string {
  return at.setLocale(ctx.lang).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/**
 * "Talk to a person": the conversation goes to its centre's staff queue, and the citizen is
 * told honestly what to expect: soon and their place in the queue during opening hours, or
 * when the centre opens next. The bot keeps answering (menu) until a person takes over.
 */
export const personFlow: Flow = {
  id: 'person',
  start: 'queue',
  steps: {
    queue: actionStep(async (ctx): Promise<Next> => {
      const port = ctx.services.handoff;
      if (!port) {
        // No inbox behind this bot (transcript tests, the terminal without a database): the phone.
        ctx.say(ctx.t('menu:personInfo', { phone: phonesOf(ctx) }));
        return { end: true };
      }
      if (!ctx.centre) return { flow: 'centre-choice' };
      const result = await port.request({ centreId: ctx.centre.id, reason: ctx.slots.reason === 'fallback' ? 'fallback' : 'citizen' });
      if (result.status === 'open') {
        ctx.say(ctx.t('handoff:alreadyOpen'));
        return { end: true };
      }
      const hours = availability(ctx.centre);
      const text = hours.open
        ? ctx.t('handoff:queued', { position: result.position })
        : hours.nextOpening
          ? ctx.t('handoff:queuedClosed', { when: when(ctx, hours.nextOpening) })
          : ctx.t('handoff:queuedNoHours');
      ctx.say(`${text}\n${ctx.t('handoff:meanwhile')}`);
      return { end: true };
    }),
  },
};

/** The flows of talking to a person (handoff to the staff inbox). */
export const HANDOFF_FLOWS: Flow[] = [personFlow];
