import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/bot/core/types.js';
import { answerFor } from '../../src/content/programmes.js';
import { SCREENED_PROGRAMMES } from '../../src/eligibility/schema.js';
import { translator } from '../../src/i18n/index.js';
import { buttons, dialog, shippedContent, texts } from '../support/transcript.js';
import { askedFreely } from './support.js';

const el = translator('el');
const ar = translator('ar');

describe('the ΕΕΕ screener in Greek', () => {
  it('a single mother of two picks the ΕΕΕ from the menu, answers one question at a time and hears she may get about 178 € — with papers, the "not a decision" sentence and a booking offer', async () => {
    const content = await shippedContent();
    const gmi = content.programmes!.get('gmi')!;
    const name = gmi.name.el;
    const chat = await dialog({ language: 'el', centreId: 'thira' });
    await chat.start();

    const list = await chat.press('menu:programmes', el('menu:options.programmes'));
    expect(texts(list)).toBe(el('eligibility:programmes.pick'));
    expect(buttons(list).slice(0, 5)).toEqual(['gmi_info', 'child_benefit', 'housing_benefit', 'social_electricity_tariff', 'elderly_uninsured_benefit'].map((i) => el(`nlu:intents.${i}`)));

    const answer = await chat.press('programme:gmi');
    expect(answer.map((r) => r.text)).toEqual([answerFor(gmi, 'gmi_info', 'el'), el('eligibility:offer.check')]);
    expect(buttons(answer)).toEqual([el('eligibility:buttons.check'), el('eligibility:buttons.noThanks'), el('common:buttons.menu')]);

    const first = await chat.press('check:yes');
    expect(first.map((r) => r.text)).toEqual([el('eligibility:intro', { programme: name, count: 8 }), el('eligibility:questions.adults')]);
    expect(buttons(first)).toEqual(['1', '2', '3', '4', el('eligibility:buttons.more'), el('eligibility:buttons.dontKnow'), el('common:buttons.menu')]);

    expect(texts(await chat.press('n:1', '1'))).toBe(el('eligibility:questions.minors'));
    // One adult with children: is she raising them alone? (asked only now, because it matters now)
    expect(texts(await chat.press('n:2', '2'))).toBe(el('eligibility:questions.singleParent'));
    expect(texts(await chat.press('a:yes', el('eligibility:buttons.yes')))).toBe(`${el('eligibility:questions.income6m')}\n${el('eligibility:hints.money')}`);
    // Typed the Greek way, with a thousands dot.
    const residence = await chat.say('1.200 €');
    expect(texts(residence)).toBe(el('eligibility:questions.legalResidence'));
    expect(buttons(residence)).toContain(el('eligibility:choices.legalResidence.refugee'));
    await chat.press('c:refugee', el('eligibility:choices.legalResidence.refugee'));
    await chat.press('n:0');
    // A typo is not taken as an answer: the question comes again.
    const typo = await chat.say('πολλά');
    expect(typo.map((r) => r.text)).toEqual([el('eligibility:invalid.money'), `${el('eligibility:questions.vehicles')}\n${el('eligibility:hints.money')}`]);
    await chat.say('0');
    const result = await chat.press('n:0', el('eligibility:buttons.none'));

    const [headline, why, papers, disclaimer, offer] = result.map((r) => r.text);
    expect(headline).toContain(el('eligibility:result.likely_eligible', { programme: name }));
    expect(headline).toContain(el('eligibility:result.amount', { amount: '178' }));
    expect(headline).toContain(`• ${el('eligibility:echo.adults', { count: 1 })}`);
    expect(headline).toContain(`• ${el('eligibility:echo.minors', { count: 2 })}`);
    expect(headline).toContain('1.200 €');
    expect(why).toContain(el('eligibility:reasons.gmi_single_parent'));
    expect(why).toContain(el('eligibility:reasons.gmi_income_under_limit', { income6m: '1.200', incomeCeiling: '2.268' }));
    expect(papers).toContain(el('eligibility:result.documents'));
    expect(papers).toContain(`• ${gmi.sections.documents!.items[0]!.el}`);
    expect(disclaimer).toContain(el('eligibility:result.disclaimer'));
    expect(disclaimer).toContain('1 Δεκεμβρίου 2023');
    expect(offer).toBe(el('eligibility:offer.next'));
    expect(buttons(result)).toEqual([el('eligibility:buttons.book'), el('eligibility:buttons.person'), el('eligibility:buttons.otherProgrammes'), el('common:buttons.menu')]);

    // She books: the appointments dialog takes over.
    const booking = await chat.press('go:appointments', el('eligibility:buttons.book'));
    expect(chat.state?.back.at(-1)).toMatchObject({ flow: 'eligibility-gmi', step: 'offer' });
    expect(chat.state?.flow).not.toMatch(/^eligibility/);
    expect(booking.length).toBeGreaterThan(0);
  });

  it('"back" returns to the previous question with its answer undone; "5 or more" asks for the number', async () => {
    const chat = await dialog({ language: 'el', centreId: 'samos' });
    await chat.start();
    await chat.press('menu:programmes');
    await chat.press('programme:gmi');
    await chat.press('check:yes');
    await chat.press('n:2');
    expect(texts(await chat.say('πίσω'))).toBe(el('eligibility:questions.adults'));
    expect(texts(await chat.press('a:more', el('eligibility:buttons.more')))).toBe(el('eligibility:more'));
    expect(texts(await chat.say('7'))).toBe(el('eligibility:questions.minors'));
    expect(chat.state?.slots).toEqual({ answers: { adults: 7 }, key: 'minors' });
  });

  it('someone who types "δικαιούμαι το επίδομα;" goes straight into the ΕΕΕ screener', async () => {
    const { replies, state } = await askedFreely('el', 'gmi_eligibility', 'δικαιούμαι το επίδομα;');
    expect(replies.map((r) => r.text)).toEqual([
      el('eligibility:intro', { programme: (await shippedContent()).programmes!.get('gmi')!.name.el, count: 8 }),
      el('eligibility:questions.adults'),
    ]);
    expect(state).toMatchObject({ flow: 'eligibility-gmi', step: 'ask' });
  });

  it('a question about child benefit is answered first, then the check is offered', async () => {
    const content = await shippedContent();
    const { replies, state } = await askedFreely('el', 'child_benefit', 'επίδομα παιδιού');
    expect(replies.map((r) => r.text)).toEqual([answerFor(content.programmes!.get('child_benefit')!, 'child_benefit', 'el'), el('eligibility:offer.check')]);
    expect(state).toMatchObject({ flow: 'eligibility-offer', slots: { programme: 'child_benefit' } });
  });
});

describe('the ΕΕΕ screener in Arabic', () => {
  const name = async () => (await shippedContent()).programmes!.get('gmi')!.name.ar;

  it('an asylum applicant is told at once, in Arabic, that he is probably not eligible and why — and can talk to a person', async () => {
    const chat = await dialog({ language: 'ar', centreId: 'nikaia-rentis' });
    await chat.start();
    await chat.press('menu:programmes');
    await chat.press('programme:gmi');
    const first = await chat.press('check:yes', ar('eligibility:buttons.check'));
    expect(first[1]!.text).toBe(ar('eligibility:questions.adults'));
    // Arabic-Indic digits, typed.
    expect(texts(await chat.say('٢'))).toBe(ar('eligibility:questions.minors'));
    await chat.press('n:3', '3');
    await chat.say('٣٠٠');
    const result = await chat.press('c:asylumApplicant', ar('eligibility:choices.legalResidence.asylumApplicant'));
    // No questions about houses, cars or savings: the answer is already clear.
    const [headline, why, , disclaimer, offer] = result.map((r) => r.text);
    expect(headline).toContain(ar('eligibility:result.likely_not_eligible', { programme: await name() }));
    expect(headline).toContain(`• ${ar('eligibility:echo.adults', { count: 2 })}`);
    expect(headline).toContain(`• ${ar('eligibility:echo.minors', { count: 3 })}`);
    expect(why).toBe(`${ar('eligibility:result.why')}\n• ${ar('eligibility:reasons.gmi_no_legal_residence')}`);
    expect(disclaimer).toContain(ar('eligibility:result.disclaimer'));
    expect(offer).toBe(ar('eligibility:offer.next'));

    // A person can take over: the handoff dialog starts (whatever it says, it is no longer the screener).
    await chat.press('go:person', ar('eligibility:buttons.person'));
    expect(chat.state?.back.at(-1)).toMatchObject({ flow: 'eligibility-gmi', step: 'offer' });
    expect(chat.state?.flow).not.toMatch(/^eligibility/);
  });

  it('a family that does not know its savings hears "we can\'t tell yet" and what is still needed', async () => {
    const chat = await dialog({ language: 'ar', centreId: 'thira' });
    await chat.start();
    await chat.press('menu:programmes');
    await chat.press('programme:gmi');
    await chat.press('check:yes');
    await chat.press('n:2');
    await chat.press('n:0');
    await chat.say('١٢٠٠');
    await chat.press('c:residencePermit');
    await chat.press('n:0');
    await chat.press('n:0');
    const result = await chat.say('لا أعرف');
    const [headline, why] = result.map((r) => r.text);
    expect(headline).toContain(ar('eligibility:result.unknown', { programme: await name() }));
    expect(headline).not.toContain(ar('eligibility:result.amount', { amount: '124' }));
    expect(headline).toContain(ar('eligibility:echo.line', { label: ar('eligibility:answers.deposits'), value: ar('eligibility:echo.dontKnow') }));
    expect(why).toContain(ar('eligibility:reasons.missing_answer', { what: ar('eligibility:answers.deposits') }));
    expect(why).toContain(ar('eligibility:reasons.gmi_income_under_limit', { income6m: '1,200', incomeCeiling: '1,944' }));
  });
});

describe('every screener in every language', () => {
  const UNTRANSLATED = /\b(?:questions|reasons|answers|echo|result|buttons|choices|hints|offer|invalid)\.[A-Za-z_]+/;

  it.each(LANGUAGES.flatMap((lang) => SCREENED_PROGRAMMES.map((p) => [lang, p] as const)))(
    '%s, %s: "I don\'t know" to every question ends in "can\'t tell yet", fully translated',
    async (lang, programme) => {
      const t = translator(lang);
      const chat = await dialog({ language: lang, centreId: 'souli' });
      await chat.start();
      await chat.press('menu:programmes');
      await chat.press(`programme:${programme}`);
      let replies = await chat.press('check:yes');
      const seen = [...replies];
      for (let i = 0; i < 12 && chat.state?.step === 'ask'; i++) {
        expect(buttons(replies)).toContain(t('eligibility:buttons.dontKnow'));
        replies = await chat.press('a:unknown', t('eligibility:buttons.dontKnow'));
        seen.push(...replies);
      }
      expect(chat.state).toMatchObject({ flow: `eligibility-${programme}`, step: 'offer' });
      const name = (await shippedContent()).programmes!.get(programme)!.name[lang];
      expect(replies[0]!.text).toContain(t('eligibility:result.unknown', { programme: name }));
      expect(texts(replies)).toContain(t('eligibility:result.disclaimer'));
      expect(texts(seen)).not.toMatch(UNTRANSLATED);
    },
  );

  it.each([
    ['fr', 'social_electricity_tariff', ['a:yes', 'a:yes'], undefined],
    ['uk', 'housing_benefit', ['a:yes', 'a:yes', 'n:1', 'n:1', 'a:yes', 'n:0', '6000'], '175'],
    ['fa', 'elderly_uninsured_benefit', ['a:yes', 'a:yes', '۳۰۰'], '109,13'],
    ['en', 'child_benefit', ['n:3', 'a:no', '9000', 'a:yes'], '280'],
  ] as const)('%s, %s: a household that fits hears "you may be eligible"', async (lang, programme, answers, amount) => {
    const t = translator(lang);
    const chat = await dialog({ language: lang, centreId: 'thira' });
    await chat.start();
    await chat.press('menu:programmes');
    await chat.press(`programme:${programme}`);
    await chat.press('check:yes');
    let replies = await chat.press(answers[0]);
    for (const a of answers.slice(1)) replies = a.includes(':') ? await chat.press(a) : await chat.say(a);
    const name = (await shippedContent()).programmes!.get(programme)!.name[lang];
    expect(replies[0]!.text).toContain(t('eligibility:result.likely_eligible', { programme: name }));
    if (amount) expect(replies[0]!.text).toContain(t('eligibility:result.amount', { amount: lang === 'fa' ? '109.13' : amount }));
    else expect(replies[0]!.text).not.toContain(t('eligibility:result.amount', { amount: '' }).split(' ')[0]!);
  });
});
