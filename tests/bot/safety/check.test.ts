import { beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../src/bot/core/types.js';
import type { CheckInput, CheckResult } from '../../../src/bot/core/hooks.js';
import { createEmergencyCheck } from '../../../src/bot/safety/check.js';
import { loadHotlines, type Hotlines } from '../../../src/bot/safety/hotlines.js';
import { emergencyReply } from '../../../src/bot/safety/reply.js';
import { readLocales } from '../../../src/i18n/index.js';
import { translator } from '../../../src/i18n/index.js';

let hotlines: Hotlines;
let check: ReturnType<typeof createEmergencyCheck>;
beforeAll(async () => {
  hotlines = await loadHotlines();
  check = createEmergencyCheck(hotlines);
});

const input = (text: string, language: Language = 'el'): CheckInput => ({ text, language, centreId: 'thira', conversationId: 'c-1' });
const replyOf = (result: CheckResult | null): string => {
  expect(result).toMatchObject({ urgent: true, stopDialog: false });
  expect(result!.replies).toHaveLength(1);
  return result!.replies![0]!.text;
};
/** The phone numbers a reply gives, in order. */
const numbersIn = (text: string) => [...text.matchAll(/\b\d{3,6}\b/g)].map((m) => m[0]);

describe('the emergency check', () => {
  it('lets ordinary messages through untouched', () => {
    expect(check(input('Πότε ανοίγετε;'))).toBeNull();
    expect(check(input('I want an appointment', 'en'))).toBeNull();
  });

  it('answers violence with 112, 15900, 100 (SMS too) and 197, in the citizen’s language', () => {
    const text = replyOf(check(input('Με χτυπάει ο άντρας μου')));
    expect(numbersIn(text)).toEqual(['112', '15900', '100', '100', '197']);
    expect(text).toContain(translator('el')('safety:intro.violence'));
    expect(text).toContain('📞 15900 — Γραμμή SOS για γυναίκες θύματα βίας');
    expect(text).toContain('στείλτε SMS στο 100');
  });

  it('answers suicide with 112, 1018, 10306 and 166', () => {
    const text = replyOf(check(input('i want to die', 'en')));
    expect(numbersIn(text)).toEqual(['112', '1018', '10306', '166']);
    expect(text.split('\n')[0]).toBe(translator('en')('safety:intro.suicide'));
    expect(text).toContain('📞 1018 — Suicide help line (Klimaka)');
  });

  it('answers a child at risk with 112, 1056, 116111 and 100', () => {
    const text = replyOf(check(input('ابني مش بأمان في البيت', 'ar')));
    expect(numbersIn(text)).toEqual(['112', '1056', '116111', '100', '100']);
    expect(text).toContain(translator('ar')('safety:intro.child'));
  });

  it('answers a medical emergency with 112 and 166 only', () => {
    const text = replyOf(check(input('mon père ne respire plus', 'fr')));
    expect(numbersIn(text)).toEqual(['112', '166']);
    expect(text).toContain(translator('fr')('safety:purpose.ambulance'));
  });

  it('puts the ambulance first when a danger is also medical (an overdose)', () => {
    const text = replyOf(check(input('I took all my pills, I want to die', 'en')));
    expect(numbersIn(text)).toEqual(['112', '166', '1018', '10306']);
  });

  it('answers any other danger to life (fire, gas, "save me") with 112 alone', () => {
    const lines = replyOf(check(input('φωτιά στο σπίτι, σώστε μας'))).split('\n');
    expect(lines).toEqual([translator('el')('safety:intro.emergency'), translator('el')('safety:callNow', { number: '112' }), translator('el')('safety:staff')]);
  });

  it('gives the numbers to whoever asks for them, e.g. by pressing "Emergency numbers" that the dialog suggests', () => {
    const resources = readLocales();
    for (const lng of ['el', 'en', 'ar', 'fa', 'uk', 'fr'] as const) {
      const label = (resources[lng]!.nlu as { intents: Record<string, string> }).intents.emergency!;
      expect(replyOf(check(input(label, lng))), label).toContain(translator(lng)('safety:callNow', { number: '112' }));
    }
  });

  it('joins the numbers of several dangers, each once, with a general caring sentence', () => {
    const text = replyOf(check(input('Με χτυπάει και χτυπάει και τα παιδιά')));
    expect(text.split('\n')[0]).toBe(translator('el')('safety:intro.several'));
    expect(new Set(numbersIn(text))).toEqual(new Set(['112', '15900', '1056', '116111', '100', '197']));
    expect(text.match(/📞 100 /g)).toHaveLength(1);
  });

  it('ends by saying the staff will see it and that every number answers day and night', () => {
    const lines = replyOf(check(input('хочу померти', 'uk'))).split('\n');
    expect(lines.slice(-2)).toEqual([translator('uk')('safety:allDay'), translator('uk')('safety:staff')]);
  });

  describe('answers in the language the citizen wrote in', () => {
    const cases: [string, Language, Language][] = [
      ['زوجي يضربني', 'el', 'ar'],
      ['شوهرم منو میزنه', 'el', 'fa'],
      ['شوهرم منو میزنه', 'ar', 'fa'],
      ['мене б’є чоловік', 'fr', 'uk'],
      ['je veux mourir', 'en', 'fr'],
      ['he hits me', 'el', 'en'],
      ['my husband beats me', 'fa', 'en'],
      ['me xtypaei o antras mou', 'en', 'el'],
      ['Με χτυπάει ο άντρας μου', 'uk', 'el'],
      // The conversation's language when the message fits it.
      ['suicide', 'en', 'en'],
      ['suicide', 'fr', 'fr'],
      ['زوجي يضربني', 'ar', 'ar'],
    ];
    it.each(cases)('"%s" in a %s conversation → %s', (text, conversation, expected) => {
      const reply = replyOf(check(input(text, conversation)));
      expect(reply.split('\n')[1]).toBe(translator(expected)('safety:callNow', { number: '112' }));
    });
  });

  it('falls back to the content file’s text for a line the locales do not know yet', () => {
    const extra: Hotlines = {
      callNow: hotlines.callNow,
      all: [...hotlines.all, { id: 'new-line', number: '99999', purpose: { el: 'Νέα γραμμή', en: 'New line' }, hours: '09:00-17:00', categories: ['medical'], source: 'test' }],
    };
    const text = emergencyReply(extra, ['medical'], 'ar');
    expect(text).toContain('📞 99999 — New line (09:00-17:00)');
    expect(text).toContain(`📞 166 — ${translator('ar')('safety:purpose.ambulance')} (${translator('ar')('safety:dayAndNight')})`);
    expect(text).not.toContain(translator('ar')('safety:allDay'));
    expect(emergencyReply(extra, ['medical'], 'el')).toContain('📞 99999 — Νέα γραμμή (09:00-17:00)');
  });

  it('has a purpose text for every hotline in every language, and never the unconfirmed 1107', () => {
    const resources = readLocales();
    for (const [lng, namespaces] of Object.entries(resources)) {
      const purposes = (namespaces.safety?.purpose ?? {}) as Record<string, string>;
      expect(Object.keys(purposes).sort(), lng).toEqual(hotlines.all.map((h) => h.id).sort());
      expect(JSON.stringify(namespaces.safety), lng).not.toContain('1107');
    }
  });
});

describe('the classifier as a second opinion', () => {
  it('answers with every help line when the classifier reads an emergency the phrase lists miss', async () => {
    const input = { text: 'το χρώμα του ουρανού είναι παράξενο σήμερα', language: 'el' as const, centreId: 'thira', conversationId: 'c1' };
    expect(check(input)).toBeNull();
    const result = check({ ...input, intent: 'emergency' });
    expect(result?.urgent).toBe(true);
    for (const number of ['112', '166', '100', '1018', '1056']) expect(result?.replies?.[0]?.text).toContain(number);
  });
});
