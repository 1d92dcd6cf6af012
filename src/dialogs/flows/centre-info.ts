import type { Flow, FlowContext, Option } from '../engine/types.js';
import { centreName, hoursLines, phonesOf, unconfirmedNote, weekdayName } from './centre-facts.js';

export type Topic = 'hours' | 'address' | 'contact' | 'mobile';

function topics(ctx: FlowContext): Option[] {
  const list: Topic[] = ['hours', 'address', 'contact'];
  if (ctx.centre?.mobileUnit) list.push('mobile');
  return list.map((t) => ({ value: `info:${t}`, label: ctx.t(`centre:topics.${t}`) }));
}

function hours(ctx: FlowContext): string {
  const centre = ctx.centre!;
  const lines = [ctx.t('centre:hoursTitle', { centre: centreName(centre, ctx.lang) }), ...hoursLines(centre.openingHours, ctx.lang), ctx.t('centre:holidaysClosed')];
  if (centre.openingHours.unconfirmed) lines.push(unconfirmedNote(ctx));
  return lines.join('\n');
}

function address(ctx: FlowContext): string {
  const a = ctx.centre!.address;
  const lines = [ctx.t('centre:addressTitle'), ctx.lang === 'el' ? a.el : a.en];
  if (a.unconfirmed) lines.push(unconfirmedNote(ctx));
  return lines.join('\n');
}

function contact(ctx: FlowContext): string {
  const c = ctx.centre!.contact;
  if (c.phones.length === 0 && !c.email) return ctx.t('centre:noContact');
  const lines = [ctx.t('centre:contactTitle')];
  if (c.phones.length) lines.push(ctx.t('centre:phones', { phones: phonesOf(ctx) }));
  if (c.email) lines.push(ctx.t('centre:email', { email: c.email }));
  if (c.unconfirmed) lines.push(unconfirmedNote(ctx));
  return lines.join('\n');
}

function mobileUnit(ctx: FlowContext): string {
  const unit = ctx.centre!.mobileUnit!;
  const lines = [ctx.t('centre:mobileIntro')];
  let unconfirmed = unit.unconfirmed === true;
  for (const island of unit.islands) {
    const name = ctx.lang === 'el' ? island.name.el : island.name.en;
    const days = island.visitDays.map((d) => weekdayName(d, ctx.lang)).join(', ');
    const times = island.hours.map((h) => `${h.open}–${h.close}`).join(', ');
    lines.push(ctx.t('centre:islandLine', { island: name, days, hours: times }));
    unconfirmed ||= island.unconfirmed === true;
  }
  if (unconfirmed) lines.push(unconfirmedNote(ctx));
  return lines.join('\n');
}

export const ANSWERS: Record<Topic, (ctx: FlowContext) => string> = { hours, address, contact, mobile: mobileUnit };

/** Hours, address, phone and email, and Thira's mobile unit, answered from content/. */
export const centreInfoFlow: Flow = {
  id: 'centre-info',
  start: 'topic',
  steps: {
    topic: {
      expect: 'choice',
      prompt: (ctx) => ctx.t('centre:topicPrompt'),
      options: topics,
      onAnswer: (answer, ctx) => {
        if (answer.kind === 'option') ctx.say(ANSWERS[answer.value.slice('info:'.length) as Topic](ctx));
        return { stay: true };
      },
    },
  },
};
