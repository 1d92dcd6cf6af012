import { placeLabel } from '../../../appointments/format.js';
import { CENTRE_LOCATION } from '../../../appointments/slots.js';
import type { Flow, FlowContext, Next } from '../../engine/types.js';
import { actionStep } from '../../engine/action.js';
import { bookedText, chosenLabels, dayStep, FLOW, portOf, timeStep, toDays, yesNoStep, afterTaken } from './common.js';

/** Reasons offered as buttons; "other" asks for a few words. */
export const REASONS = ['benefits', 'applications', 'support', 'other'] as const;
const MAX_REASON = 200;

function reasonText(ctx: FlowContext): string {
  const reason = ctx.slots.reason;
  if (reason === 'other' && typeof ctx.slots.reasonText === 'string') return ctx.slots.reasonText;
  return typeof reason === 'string' && (REASONS as readonly string[]).includes(reason) ? ctx.t(`appointments:reason.options.${reason}`) : '';
}

/** What staff see: the reason's key (benefits, applications, support), or the citizen's words. */
function storedReason(ctx: FlowContext): string {
  return ctx.slots.reason === 'other' ? reasonText(ctx) : String(ctx.slots.reason ?? '');
}

/** Book: (consent) → centre or island → reason → day → time → summary → confirm. */
export const bookFlow: Flow = {
  id: FLOW.book,
  start: 'consent',
  steps: {
    // Booking stores personal data: the privacy notice is accepted first.
    consent: actionStep(async (ctx) => {
      if (!portOf(ctx)) return { end: true };
      if (!ctx.centre) return { flow: 'centre-choice' };
      const consent = ctx.services.consent;
      if (consent && !(await consent.granted())) return { flow: 'consent', slots: { then: FLOW.book } };
      ctx.slots.centreId = ctx.centre.id;
      if (!ctx.centre.mobileUnit) {
        ctx.slots.location = CENTRE_LOCATION;
        return { step: 'reason' };
      }
      return { step: 'location' };
    }),
    location: {
      expect: 'choice',
      prompt: (ctx) => ctx.t('appointments:location.prompt'),
      options: (ctx) => {
        const centre = ctx.centre;
        if (!centre) return [];
        const islands = centre.mobileUnit?.islands.filter((i) => i.visitDays.length > 0) ?? [];
        return [
          { value: `location:${CENTRE_LOCATION}`, label: placeLabel(centre, CENTRE_LOCATION, ctx.lang) },
          ...islands.map((i) => ({ value: `location:${i.id}`, label: ctx.t('appointments:location.island', { island: placeLabel(centre, i.id, ctx.lang) }) })),
        ];
      },
      onAnswer: (answer, ctx) => {
        if (answer.kind !== 'option') return { stay: true };
        ctx.slots.location = answer.value.slice('location:'.length);
        return { step: 'reason' };
      },
    },
    reason: {
      expect: 'choice',
      prompt: (ctx) => ctx.t('appointments:reason.prompt'),
      options: (ctx) => REASONS.map((r) => ({ value: `reason:${r}`, label: ctx.t(`appointments:reason.options.${r}`) })),
      onAnswer: (answer, ctx) => {
        if (answer.kind !== 'option') return { stay: true };
        const reason = answer.value.slice('reason:'.length);
        ctx.slots.reason = reason;
        return reason === 'other' ? { step: 'reasonText' } : toDays(ctx);
      },
    },
    reasonText: {
      expect: 'text',
      prompt: (ctx) => ctx.t('appointments:reason.textPrompt'),
      onAnswer: (answer, ctx) => {
        if (answer.kind !== 'text') return { stay: true };
        ctx.slots.reasonText = answer.text.slice(0, MAX_REASON);
        return toDays(ctx);
      },
    },
    day: dayStep,
    time: timeStep,
    confirm: yesNoStep(
      (ctx) => ctx.t('appointments:confirm.prompt', { ...chosenLabels(ctx), reason: reasonText(ctx) }),
      async (yes, ctx): Promise<Next> => {
        if (!yes) {
          ctx.say(ctx.t('appointments:confirm.notBooked'));
          return { end: true };
        }
        const port = portOf(ctx);
        if (!port || typeof ctx.slots.start !== 'string' || typeof ctx.slots.centreId !== 'string' || typeof ctx.slots.location !== 'string') return { end: true };
        const result = await port.book({ centreId: ctx.slots.centreId, location: ctx.slots.location, start: ctx.slots.start, reason: storedReason(ctx), language: ctx.lang });
        if (!result.ok) return afterTaken(ctx);
        ctx.say(bookedText(ctx, result.appointment, result.reminder, 'appointments:booked'));
        return { end: true };
      },
    ),
  },
};
