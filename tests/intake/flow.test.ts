import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/bot/core/types.js';
import { translator } from '../../src/i18n/index.js';
import { NO_SERVICES } from '../../src/dialogs/engine/services.js';
import { buttons, dialog, texts } from '../support/transcript.js';
import { fakePorts, flowsWithIntakeEntry } from './support.js';

const en = translator('en');

/** A citizen of Thira at the pre-intake, with consent already given (in memory). */
async function atIntake(lang: 'en' | 'el' | 'ar' = 'en') {
  const ports = fakePorts();
  await ports.services.consent!.record(true, lang);
  const d = await dialog({ language: lang, centreId: 'thira' }, ports.services, flowsWithIntakeEntry());
  await d.start();
  const first = await d.press('test:intake');
  return { d, ports, first };
}

describe('pre-intake, the flow alone', () => {
  it('asks for consent before any personal question, and declining collects nothing', async () => {
    const ports = fakePorts();
    const d = await dialog({ language: 'en', centreId: 'thira' }, ports.services, flowsWithIntakeEntry());
    await d.start();
    const first = await d.press('test:intake');
    expect(texts(first)).toContain('Before I ask you anything personal');
    expect(texts(first)).not.toContain(en('intake:questions.name'));
    expect(buttons(first)).toEqual([en('consent:buttons.accept'), en('consent:buttons.decline'), en('consent:buttons.readMore'), en('common:buttons.menu')]);
    const declined = await d.press('consent:no');
    expect(texts(declined)).toContain(en('consent:declined', { phone: '2286037036, 2286033023' }));
    expect(texts(declined)).toContain(en('menu:prompt'));
    expect(ports.consents).toEqual([{ kind: 'personal', granted: false, language: 'en', withdrawn: false }]);
    expect(ports.cases).toEqual([]);
  });

  it('shows the whole notice on "read more", then goes on to the first question when accepted', async () => {
    const ports = fakePorts();
    const d = await dialog({ language: 'en', centreId: 'thira' }, ports.services, flowsWithIntakeEntry());
    await d.start();
    await d.press('test:intake');
    const more = await d.press('consent:more');
    expect(texts(more)).toContain('Hellenic Data Protection Authority (www.dpa.gr)');
    const back = await d.say('back');
    expect(texts(back)).toContain('Before I ask you anything personal');
    await d.press('consent:more');
    // The buttons work by number too: 2 is "I do not agree".
    const declined = await d.say('2');
    expect(ports.consents.map((c) => c.granted)).toEqual([false]);
    expect(texts(declined)).toContain(en('consent:declined', { phone: '2286037036, 2286033023' }));
    await d.press('test:intake');
    const yes = await d.press('consent:yes');
    expect(texts(yes)).toBe(en('intake:intro'));
    expect(ports.consents.map((c) => c.granted)).toEqual([false, true]);
  });

  it('says the service is unavailable (with the phone) when there are no ports', async () => {
    const d = await dialog({ language: 'en', centreId: 'thira' }, NO_SERVICES, flowsWithIntakeEntry());
    await d.start();
    const replies = await d.press('test:intake');
    expect(texts(replies)).toContain(en('consent:unavailable', { phone: '2286037036, 2286033023' }));
  });

  it('skips the whole questionnaire: nothing stored', async () => {
    const { d, ports, first } = await atIntake();
    expect(texts(first)).toBe(en('intake:intro'));
    const later = await d.say('no thanks');
    expect(texts(later)).toContain(en('intake:later'));
    expect(ports.cases).toEqual([]);
  });

  it('skips one question by button, by word or by number; back returns with the answers as they were', async () => {
    const { d, ports } = await atIntake();
    await d.press('intake:start');
    expect(texts(await d.say('Maria'))).toBe(en('intake:questions.phone'));
    expect(texts(await d.say('back'))).toBe(en('intake:questions.name'));
    await d.say('Maria');
    expect(texts(await d.say('skip'))).toBe(en('intake:questions.area'));
    await d.say('2'); // the second button: Anafi
    await d.say('1');
    expect(texts(await d.press('intake:skip'))).toBe(en('intake:questions.needs'));
    expect(texts(await d.say('back'))).toBe(en('intake:questions.children'));
    await d.say('3');
    await d.press('needs:housing');
    await d.press('needs:food');
    await d.press('needs:housing'); // pressed again: off
    await d.press('intake:done');
    await d.press('special:no');
    await d.press('intake:skip');
    const summary = await d.press('time:any');
    expect(texts(summary)).toContain('• Name: Maria');
    expect(texts(summary)).toContain('• Phone: not given');
    expect(texts(summary)).toContain('• Area: Anafi');
    expect(texts(summary)).toContain('• Household: adults 1, children 3');
    expect(texts(summary)).toContain('• Needs: Food');
    expect(texts(summary)).toContain('• About you: not given');
    await d.press('intake:confirm');
    expect(ports.cases[0]!.answers).toEqual({ name: 'Maria', phone: null, reachHere: false, area: 'Anafi', adults: 1, children: 3, needs: ['food'], vulnerable: null, interpreter: null, contactTime: 'any' });
    expect(ports.consents.filter((c) => c.kind === 'special')).toEqual([{ kind: 'special', granted: false, language: 'en', withdrawn: false }]);
  });

  it('answers a wrong phone number with a clear message and keeps every answer so far', async () => {
    const { d } = await atIntake();
    await d.press('intake:start');
    await d.say('Ali');
    const wrong = await d.say('12345');
    expect(texts(wrong)).toBe(`${en('intake:invalid.phone')}\n${en('intake:questions.phone')}`);
    expect(texts(await d.say('+44 7911 123456'))).toBe(en('intake:questions.area'));
    expect(d.state?.slots.a).toMatchObject({ name: 'Ali', phone: '+447911123456' });
  });

  it('reads the numbers of a channel without buttons; the last one is the main menu', async () => {
    const { d } = await atIntake();
    await d.say('1'); // Start
    expect(texts(await d.say('1'))).toBe(en('intake:questions.phone')); // Skip
    expect(texts(await d.say('1'))).toBe(en('intake:questions.area')); // Answer me here
    expect(d.state?.slots.a).toMatchObject({ name: null, reachHere: true });
    expect(texts(await d.say('7'))).toBe(en('menu:prompt')); // Thira and its 4 islands, Skip, Main menu
  });

  it('does not take a question for a name', async () => {
    const { d } = await atIntake();
    await d.press('intake:start');
    expect(texts(await d.say('when are you open?'))).toContain(en('intake:invalid.name'));
  });

  it('asks the special-category consent only once, and the interpreter language can be typed', async () => {
    const { d, ports } = await atIntake('ar');
    const ar = translator('ar');
    await d.press('intake:start');
    for (const value of ['intake:skip', 'intake:here', 'intake:skip', 'intake:skip', 'intake:skip', 'intake:done']) await d.press(value);
    const special = await d.press('special:yes');
    expect(texts(special)).toBe(ar('intake:questions.vulnerable'));
    await d.press('vulnerable:refugee');
    expect(texts(await d.press('vulnerable:violence'))).toContain(ar('intake:violenceNote'));
    await d.press('vulnerable:violence'); // and off again
    await d.press('intake:done');
    expect(texts(await d.press('intake:other'))).toBe(ar('intake:questions.interpreterOther'));
    await d.say('Kurmanji');
    await d.press('time:morning');
    await d.press('intake:edit');
    // Changing the groups later does not ask the special consent again.
    expect(texts(await d.press('intake:pick:vulnerable'))).toBe(ar('intake:questions.vulnerable'));
    await d.press('vulnerable:homeless');
    const summary = await d.press('intake:done');
    expect(texts(summary)).toContain(`${ar('intake:groups.refugee')}, ${ar('intake:groups.homeless')}`);
    await d.press('intake:confirm');
    expect(ports.cases[0]!.answers).toMatchObject({ reachHere: true, vulnerable: ['refugee', 'homeless'], interpreter: 'Kurmanji', contactTime: 'morning' });
    expect(ports.consents.filter((c) => c.kind === 'special')).toHaveLength(1);
  });

  it('runs again pre-filled: the answers can be reviewed and one corrected', async () => {
    const { d, ports } = await atIntake('el');
    const el = translator('el');
    await d.press('intake:start');
    await d.say('Ελένη');
    await d.say('6912345678');
    for (const value of ['intake:skip', 'intake:skip', 'intake:skip', 'intake:done', 'special:no', 'intake:no', 'intake:skip', 'intake:confirm']) await d.press(value);
    const again = await d.press('test:intake');
    expect(texts(again)).toBe(el('intake:introAgain'));
    const review = await d.press('intake:review');
    expect(texts(review)).toContain('• Τηλέφωνο: +30 691 234 5678');
    await d.press('intake:edit');
    await d.press('intake:pick:phone');
    await d.say('0030 694 123 4567');
    await d.press('intake:confirm');
    expect(ports.cases).toHaveLength(1);
    expect(ports.cases[0]!.answers).toMatchObject({ name: 'Ελένη', phone: '+306941234567', interpreter: false });
  });

  it('when nothing at all was told, nothing is saved', async () => {
    const { d, ports } = await atIntake();
    await d.press('intake:start');
    for (const value of ['intake:skip', 'intake:skip', 'intake:skip', 'intake:skip', 'intake:skip', 'intake:skip', 'special:no', 'intake:skip', 'intake:skip']) await d.press(value);
    expect(texts(await d.press('intake:confirm'))).toContain(en('intake:nothing'));
    expect(ports.cases).toEqual([]);
  });

  it.each(LANGUAGES)('goes from the notice to the saved case in %s, every text translated', async (lang) => {
    const ports = fakePorts();
    const d = await dialog({ language: lang, centreId: 'samos' }, ports.services, flowsWithIntakeEntry());
    await d.start();
    const all = [...(await d.press('test:intake')), ...(await d.press('consent:more'))];
    for (const value of ['consent:yes', 'intake:start', 'intake:skip', 'intake:here', 'area:0', 'intake:skip', 'intake:skip', 'needs:health', 'intake:done', 'special:yes', 'vulnerable:disability', 'intake:done', 'intake:other']) all.push(...(await d.press(value)));
    all.push(...(await d.say('Kurdish')));
    for (const value of ['time:afternoon', 'intake:edit', 'intake:pick:household']) all.push(...(await d.press(value)));
    all.push(...(await d.say('1')), ...(await d.say('0')), ...(await d.press('intake:confirm')));
    for (const reply of all) {
      expect(reply.text).not.toMatch(/\b(intake|consent|common):[a-zA-Z]/);
      expect(reply.text).not.toMatch(/\{\{/);
      for (const b of reply.buttons ?? []) expect(b.title).not.toMatch(/^(intake|consent|common):/);
    }
    expect(ports.cases).toHaveLength(1);
    expect(ports.cases[0]!.answers).toMatchObject({ reachHere: true, adults: 1, children: 0, needs: ['health'], vulnerable: ['disability'], interpreter: 'Kurdish', contactTime: 'afternoon' });
    expect(ports.cases[0]!.language).toBe(lang);
  });
});
