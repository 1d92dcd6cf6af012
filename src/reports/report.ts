import type { Content } from '../content/load.js';
import { translator } from '../i18n/index.js';
import type { Counts, MonthlyIndicators } from './indicators.js';

/** Counts from 1 to SUPPRESS_BELOW − 1 are shown as "<5", so that no one is identifiable. */
export const SUPPRESS_BELOW = 5;
export const SUPPRESSED = '<5';

export type ReportValue = number | typeof SUPPRESSED | null;

/** One line of a report: a code (`section.group.item`), its Greek label and the value. */
export interface ReportRow {
  section: string;
  key: string;
  sectionLabel: string;
  label: string;
  value: ReportValue;
}

/** A report as published (CLI, API, CSV): suppressed, aggregates only. */
export interface Report {
  centre: string;
  month: string;
  rows: ReportRow[];
}

/** 0 stays 0 (nothing happened is no one); 1–4 become "<5". */
export function suppress(count: number): number | typeof SUPPRESSED {
  return count > 0 && count < SUPPRESS_BELOW ? SUPPRESSED : count;
}

/** Median (mean of the two middle values for an even count) of sorted numbers. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..1) of sorted numbers: a value that was observed. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

const SECTIONS: Record<string, string> = {
  contacts: 'Επαφές',
  conversations: 'Συνομιλίες',
  handoffs: 'Παραδόσεις σε εργαζόμενο',
  eligibility: 'Έλεγχοι επιλεξιμότητας',
  appointments: 'Ραντεβού',
  referrals: 'Παραπομπές',
  emergencies: 'Επείγοντα',
  messages: 'Μηνύματα',
};

const CHANNELS: Record<string, string> = { webchat: 'Web chat', telegram: 'Telegram', viber: 'Viber', terminal: 'Τερματικό', azure: 'Azure' };
const LANGUAGES: Record<string, string> = { el: 'Ελληνικά', en: 'Αγγλικά', ar: 'Αραβικά', fa: 'Φαρσί', uk: 'Ουκρανικά', fr: 'Γαλλικά', unknown: 'Άγνωστη' };
const REASONS: Record<string, string> = { citizen: 'το ζήτησε ο πολίτης', fallback: 'το bot δεν κατάλαβε', emergency: 'επείγον', other: 'άλλη αιτία' };
const RESULTS: Record<string, string> = { likely_eligible: 'πιθανώς δικαιούχος', likely_not_eligible: 'πιθανώς μη δικαιούχος', unknown: 'χωρίς σαφή ένδειξη' };

const sorted = (counts: Counts): [string, number][] => Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

/**
 * The indicators as suppressed rows in a fixed order. Times are shown only when at least
 * SUPPRESS_BELOW handoffs were answered (otherwise null: too few to publish).
 */
export function toReport(ind: MonthlyIndicators, content: Content): Report {
  const rows: ReportRow[] = [];
  const count = (section: string, key: string, label: string, n: number): void => {
    rows.push({ section, key: `${section}.${key}`, sectionLabel: SECTIONS[section]!, label, value: suppress(n) });
  };
  count('contacts', 'new', 'Νέες επαφές (πρώτη φορά μέσα στον μήνα)', ind.contacts.new);
  count('contacts', 'returning', 'Επαφές που επέστρεψαν', ind.contacts.returning);

  count('conversations', 'total', 'Συνομιλίες με μήνυμα πολίτη', ind.conversations.total);
  for (const [k, n] of sorted(ind.conversations.byChannel)) count('conversations', `channel.${k}`, `Κανάλι: ${CHANNELS[k] ?? k}`, n);
  for (const [k, n] of sorted(ind.conversations.byLanguage)) count('conversations', `language.${k}`, `Γλώσσα: ${LANGUAGES[k] ?? k}`, n);

  const h = ind.handoffs;
  count('handoffs', 'total', 'Παραδόσεις σε εργαζόμενο', h.total);
  for (const [k, n] of sorted(h.byReason)) count('handoffs', `reason.${k}`, `Αιτία: ${REASONS[k] ?? k}`, n);
  count('handoffs', 'answered', 'Απαντήθηκαν από εργαζόμενο', h.answered);
  const enough = h.firstResponseMinutes.length >= SUPPRESS_BELOW;
  const minutes = (v: number | null): ReportValue => (enough && v !== null ? Math.round(v) : null);
  rows.push({ section: 'handoffs', key: 'handoffs.firstResponse.median', sectionLabel: SECTIONS.handoffs!, label: 'Χρόνος πρώτης απάντησης, διάμεσος (λεπτά ωραρίου)', value: minutes(median(h.firstResponseMinutes)) });
  rows.push({ section: 'handoffs', key: 'handoffs.firstResponse.p90', sectionLabel: SECTIONS.handoffs!, label: 'Χρόνος πρώτης απάντησης, 90ό εκατοστημόριο (λεπτά ωραρίου)', value: minutes(percentile(h.firstResponseMinutes, 0.9)) });

  count('eligibility', 'total', 'Έλεγχοι επιλεξιμότητας', ind.eligibility.total);
  for (const programme of Object.keys(ind.eligibility.byProgramme).sort()) {
    const name = content.programmes?.get(programme)?.name.el ?? programme;
    for (const [result, n] of sorted(ind.eligibility.byProgramme[programme]!)) count('eligibility', `${programme}.${result}`, `${name}: ${RESULTS[result] ?? result}`, n);
  }

  count('appointments', 'booked', 'Κλείστηκαν μέσα στον μήνα', ind.appointments.booked);
  count('appointments', 'attended', 'Προσήλθαν', ind.appointments.attended);
  count('appointments', 'no_show', 'Δεν προσήλθαν', ind.appointments.noShow);
  count('appointments', 'cancelled', 'Ακυρώθηκαν', ind.appointments.cancelled);

  count('referrals', 'total', 'Παραπομπές', ind.referrals.total);
  const centre = content.centres.get(ind.centre);
  for (const [k, n] of sorted(ind.referrals.byService)) {
    count('referrals', `service.${k}`, `Υπηρεσία: ${centre?.directory.find((d) => d.key === k)?.name ?? k}`, n);
  }

  count('emergencies', 'total', 'Συνομιλίες με ένδειξη κινδύνου', ind.emergencies);

  count('messages', 'incoming', 'Μηνύματα πολιτών', ind.messages.incoming);
  count('messages', 'notUnderstood', 'Μηνύματα που το bot δεν κατάλαβε', ind.messages.notUnderstood);
  // The intents' Greek names are the bot's own (locales/el/nlu.json), as staff see them in the menu.
  const el = translator('el');
  for (const t of ind.messages.topIntents) {
    const name = el(`nlu:intents.${t.intent}`, { defaultValue: t.intent });
    count('messages', `intent.${t.intent}`, `Θέμα: ${name}`, t.count);
  }
  return { centre: ind.centre, month: ind.month, rows };
}
