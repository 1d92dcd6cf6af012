import type { CentreContent, Weekday } from '../../content/schema.js';
import { WEEKDAYS } from '../../content/schema.js';
import type { Language } from '../../bot/core/types.js';
import type { FlowContext } from '../engine/types.js';

/** Greek for Greek speakers; English names are the best-known form for everyone else. */
export function centreName(centre: CentreContent, lang: Language): string {
  return lang === 'el' ? centre.name.el : centre.name.en;
}

/** Phones as one line, or the words for "the centre" when content has none. */
export function phonesOf(ctx: FlowContext): string {
  const phones = ctx.centre?.contact.phones ?? [];
  return phones.length ? phones.join(', ') : ctx.t('centre:noPhone');
}

// 2026-11-23 is a Monday: the weekday names come from Intl in the citizen's language.
const MONDAY = Date.UTC(2026, 10, 23, 12);

export function weekdayName(day: Weekday, lang: Language): string {
  const offset = WEEKDAYS.indexOf(day);
  return new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(new Date(MONDAY + offset * 86_400_000));
}

/**
 * Opening hours as short lines, consecutive days with the same hours grouped:
 * "Δευτέρα – Παρασκευή: 08:00–15:30".
 */
export function hoursLines(hours: Record<Weekday, { open: string; close: string }[]>, lang: Language): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < WEEKDAYS.length) {
    const day = WEEKDAYS[i]!;
    const text = (hours[day] ?? []).map((iv) => `${iv.open}–${iv.close}`).join(', ');
    let j = i;
    while (j + 1 < WEEKDAYS.length && (hours[WEEKDAYS[j + 1]!] ?? []).map((iv) => `${iv.open}–${iv.close}`).join(', ') === text) j++;
    if (text) {
      const days = j > i ? `${weekdayName(day, lang)} – ${weekdayName(WEEKDAYS[j]!, lang)}` : weekdayName(day, lang);
      lines.push(`${days}: ${text}`);
    }
    i = j + 1;
  }
  return lines;
}

/** "Please confirm by phone" for facts content marks unconfirmed. */
export function unconfirmedNote(ctx: FlowContext): string {
  return ctx.t('centre:unconfirmed', { phone: phonesOf(ctx) });
}
