import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../src/bot/core/types.js';
import { translator } from '../../src/i18n/index.js';
import { LANGUAGE_NAMES } from '../../src/dialogs/flows/languages.js';
import { buttons, dialog, shippedContent, texts } from '../support/transcript.js';

/** "3" written the way a speaker of the language may type it. */
const THREE: Record<Language, string> = { el: '3', en: '3', ar: '٣', fa: '۳', uk: '3', fr: '3' };
const BACK_WORD: Record<Language, string> = { el: 'πίσω', en: 'back', ar: 'رجوع', fa: 'برگشت', uk: 'назад', fr: 'retour' };

describe.each(LANGUAGES)('a citizen writing in %s', (lang) => {
  const t = translator(lang);
  const en = translator('en');

  it('picks the language from buttons in its own script, then the centre, and hears who they talk to', async () => {
    const chat = await dialog();
    const opening = await chat.start();
    expect(buttons(opening)).toEqual(LANGUAGES.map((l) => LANGUAGE_NAMES[l]));
    const afterLanguage = await chat.press(`lang:${lang}`, LANGUAGE_NAMES[lang]);
    expect(texts(afterLanguage)).toBe(t('welcome:pickCentre'));
    if (lang !== 'en') expect(t('welcome:pickCentre')).not.toBe(en('welcome:pickCentre'));
    expect(buttons(afterLanguage)).toHaveLength(5);

    const thira = buttons(afterLanguage).find((b) => /Θήρας|Thira/.test(b))!;
    const intro = await chat.say(thira);
    expect(texts(intro)).toContain(lang === 'el' ? 'Κέντρο Κοινότητας Δήμου Θήρας' : 'Community Centre of the Municipality of Thira');
    expect(intro[0]!.text).toBe(t('welcome:disclosure', { centre: lang === 'el' ? 'Κέντρο Κοινότητας Δήμου Θήρας' : 'Community Centre of the Municipality of Thira' }));
    expect(intro[1]!.text).toBe(t('menu:prompt'));
    expect(buttons(intro)).toContain(t('menu:options.person'));
    expect(chat.session).toEqual({ language: lang, centreId: 'thira' });
  });

  it('asks for the opening hours by typing the number in its own digits, and goes back', async () => {
    const chat = await dialog({ language: lang, centreId: 'thira' });
    await chat.start();
    const topics = await chat.say(THREE[lang]);
    expect(topics[0]!.text).toBe(t('centre:topicPrompt'));
    expect(buttons(topics)).toEqual([t('centre:topics.hours'), t('centre:topics.address'), t('centre:topics.contact'), t('centre:topics.mobile'), t('common:buttons.menu')]);
    const hours = await chat.press('info:hours', t('centre:topics.hours'));
    const monday = new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 10, 23, 12)));
    expect(hours[0]!.text).toContain(monday);
    expect(hours[0]!.text).toContain('08:00–15:30');
    const back = await chat.say(BACK_WORD[lang]);
    expect(back[0]!.text).toBe(t('menu:prompt'));
  });

  it('changes language at any time with the language command', async () => {
    const chat = await dialog({ language: lang, centreId: 'samos' });
    await chat.start();
    await chat.say(THREE[lang]);
    const pick = await chat.press('cmd:language', t('menu:options.language'));
    expect(buttons(pick).slice(0, 6)).toEqual(LANGUAGES.map((l) => LANGUAGE_NAMES[l]));
    const other: Language = lang === 'fa' ? 'uk' : 'fa';
    const switched = await chat.press(`lang:${other}`);
    expect(switched[0]!.text).toBe(translator(other)('welcome:languageSet'));
    expect(switched[1]!.text).toBe(translator(other)('menu:prompt'));
    expect(chat.session.language).toBe(other);
  });
});

describe('the dialog engine', () => {
  it('starts straight at the disclosure and menu when the channel fixed centre and language', async () => {
    const chat = await dialog({ language: 'ar', centreId: 'nikaia-rentis' });
    const nikaia = (await shippedContent()).centres.get('nikaia-rentis')!;
    expect((await chat.start()).map((r) => r.text)).toEqual([translator('ar')('welcome:disclosure', { centre: nikaia.name.en }), translator('ar')('menu:prompt')]);
  });

  it('after two answers in a row it does not understand, says so and shows how to reach a person', async () => {
    const chat = await dialog({ language: 'en', centreId: 'thira' });
    await chat.start();
    await chat.say('3');
    const first = await chat.say('what?');
    expect(first[0]!.text).toBe(translator('en')('common:notUnderstood'));
    expect(first[1]!.text).toBe(translator('en')('centre:topicPrompt'));
    const second = await chat.say('I need money for rent');
    expect(second.map((r) => r.text)).toEqual([
      translator('en')('common:notUnderstood'),
      translator('en')('nlu:personOffer'),
      translator('en')('menu:personInfo', { phone: '2286037036, 2286033023' }),
      translator('en')('menu:prompt'),
    ]);
  });

  it('understands a typed option label without accents, and menu/cancel words at any step', async () => {
    const chat = await dialog({ language: 'el', centreId: 'thira' });
    await chat.start();
    expect((await chat.say('ωραριο και επικοινωνια'))[0]!.text).toBe(translator('el')('centre:topicPrompt'));
    expect((await chat.say('μενού'))[0]!.text).toBe(translator('el')('menu:prompt'));
    await chat.say('3');
    expect(texts(await chat.say('άκυρο'))).toBe([translator('el')('common:cancelled'), translator('el')('menu:prompt')].join('\n'));
  });

  it('tells to confirm by phone what the content marks unconfirmed (Souli has no confirmed hours)', async () => {
    const chat = await dialog({ language: 'el', centreId: 'souli' });
    await chat.start();
    await chat.say('3');
    const hours = await chat.press('info:hours');
    expect(hours[0]!.text).toContain(translator('el')('centre:unconfirmed', { phone: translator('el')('centre:noPhone') }));
  });

  it("lists Thira's mobile unit islands", async () => {
    const chat = await dialog({ language: 'en', centreId: 'thira' });
    await chat.start();
    await chat.say('3');
    const unit = await chat.press('info:mobile');
    for (const island of ['Anafi', 'Ios', 'Sikinos', 'Folegandros']) expect(unit[0]!.text).toContain(island);
  });

  it('keeps its state as versioned JSON', async () => {
    const chat = await dialog({ language: 'fr', centreId: 'thira' });
    await chat.start();
    await chat.say('3');
    expect(chat.state).toMatchObject({ v: 1, flow: 'centre-info', step: 'topic' });
  });
});
