import { describe, expect, it } from 'vitest';
import { defaultContentDir, loadContent } from '../../src/content/load.js';
import { csvField, CSV_HEADERS, toCsv } from '../../src/reports/csv.js';
import { monthRange } from '../../src/reports/month.js';
import { median, percentile, suppress, toReport } from '../../src/reports/report.js';
import { EXPECTED_THIRA, MONTH } from './seed.js';

const content = await loadContent(defaultContentDir());
const thira = toReport({ centre: 'thira', month: MONTH, ...EXPECTED_THIRA }, content);
const value = (key: string) => thira.rows.find((r) => r.key === key)?.value;

describe('small counts are never published', () => {
  it('0 stays 0, 1 to 4 become "<5", 5 and more are shown', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 120].map(suppress)).toEqual([0, '<5', '<5', '<5', '<5', 5, 6, 120]);
  });

  it('every count of the report goes through suppression', () => {
    expect(value('contacts.new')).toBe('<5');
    expect(value('conversations.channel.webchat')).toBe('<5');
    expect(value('handoffs.total')).toBe(7);
    expect(value('handoffs.answered')).toBe(6);
    expect(value('messages.incoming')).toBe(6);
    expect(value('eligibility.child_benefit.unknown')).toBe('<5');
    expect(value('emergencies.total')).toBe('<5');
    for (const row of thira.rows) expect(row.value === null || row.value === '<5' || row.value === 0 || (typeof row.value === 'number' && row.value >= 5), row.key).toBe(true);
  });

  it('response times of fewer than 5 answered handoffs are left out', () => {
    const few = toReport({ centre: 'thira', month: MONTH, ...EXPECTED_THIRA, handoffs: { ...EXPECTED_THIRA.handoffs, answered: 4, firstResponseMinutes: [5, 20, 30, 40] } }, content);
    expect(few.rows.filter((r) => r.key.startsWith('handoffs.firstResponse')).map((r) => r.value)).toEqual([null, null]);
  });

  it('median and 90th percentile (nearest rank)', () => {
    expect(median([5, 20, 30, 40, 75, 240])).toBe(35);
    expect(median([1, 2, 9])).toBe(2);
    expect(percentile([5, 20, 30, 40, 75, 240], 0.9)).toBe(240);
    expect(percentile(Array.from({ length: 10 }, (_, i) => i + 1), 0.9)).toBe(9);
    expect(median([])).toBeNull();
  });

  it('names programmes and services in Greek, from content', () => {
    expect(thira.rows.find((r) => r.key === 'messages.intent.centre_hours')?.label).toBe('Θέμα: Ωράριο');
    const odd = toReport({ centre: 'thira', month: MONTH, ...EXPECTED_THIRA, messages: { ...EXPECTED_THIRA.messages, topIntents: [{ intent: 'not_an_intent', count: 9 }] } }, content);
    expect(odd.rows.find((r) => r.key === 'messages.intent.not_an_intent')?.label).toBe('Θέμα: not_an_intent');
    const gmi = content.programmes!.get('gmi')!.name.el;
    expect(thira.rows.find((r) => r.key === 'eligibility.gmi.likely_eligible')?.label).toBe(`${gmi}: πιθανώς δικαιούχος`);
    const service = content.centres.get('thira')!.directory.find((d) => d.key === 'social_service')!.name;
    expect(thira.rows.find((r) => r.key === 'referrals.service.social_service')?.label).toBe(`Υπηρεσία: ${service}`);
  });
});

describe('the CSV opens cleanly in Excel', () => {
  const csv = toCsv([thira]);

  it('is UTF-8 with a BOM, Greek headers, CRLF line ends and one line per row', () => {
    expect(csv.startsWith('\uFEFFΚέντρο;Μήνας;Ενότητα;Δείκτης;Κωδικός;Τιμή\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = csv.slice(1).split('\r\n').slice(0, -1);
    expect(lines).toHaveLength(thira.rows.length + 1);
    expect(lines).toContain('thira;2026-03;Παραδόσεις σε εργαζόμενο;Παραδόσεις σε εργαζόμενο;handoffs.total;7');
    expect(lines).toContain('thira;2026-03;Επαφές;Νέες επαφές (πρώτη φορά μέσα στον μήνα);contacts.new;<5');
    expect(CSV_HEADERS).toHaveLength(6);
  });

  it('quotes separators, quotes and line breaks, and keeps formulas as text', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('<5')).toBe('<5');
    expect(csvField(null)).toBe('');
    expect(csvField(240)).toBe('240');
  });

  it('has no personal data: only codes, labels and numbers', () => {
    expect(csv).not.toMatch(/@|\+30|seed/);
  });
});

describe('months are Athens months', () => {
  it('March 2026 starts at 22:00 UTC on 28 February and ends at 21:00 UTC on 31 March (summer time)', () => {
    const r = monthRange('2026-03')!;
    expect(r.start.toISOString()).toBe('2026-02-28T22:00:00.000Z');
    expect(r.end.toISOString()).toBe('2026-03-31T21:00:00.000Z');
  });
  it('refuses what is not a month', () => {
    for (const bad of ['2026-13', '2026-3', '26-03', '2026-03-01', '']) expect(monthRange(bad)).toBeNull();
  });
});
