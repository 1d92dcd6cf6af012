import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/nlu/normalize.js';
import { greeklishToGreek } from '../../src/nlu/greeklish.js';
import { detectLanguage } from '../../src/nlu/detect.js';

describe('normalisation per language', () => {
  it('Greek: accents, final sigma and spelling folded so typos meet', () => {
    expect(normalize('el', 'Θέλω ραντεβού!')).toBe(normalize('el', 'θελο ραντεβου'));
    expect(normalize('el', 'Πότε ανοίγετε;')).toBe(normalize('el', 'ποτε ανιγετε'));
    expect(normalize('el', 'επίδομα παιδιού')).toBe(normalize('el', 'επιδομα πεδιου'));
    expect(normalize('el', 'τελος')).toBe(normalize('el', 'τέλος'));
  });

  it('Greeklish becomes the same folded Greek', () => {
    expect(greeklishToGreek('thelw rantevou')).toBe(normalize('el', 'θέλω ραντεβού'));
    expect(greeklishToGreek('8elo rantevu')).toBe(normalize('el', 'θέλω ραντεβού'));
    expect(greeklishToGreek('pote anoigete')).toBe(normalize('el', 'πότε ανοίγετε'));
    expect(greeklishToGreek('exo 3 paidia')).toBe(normalize('el', 'έχω 3 παιδιά'));
  });

  it('Arabic: hamza forms, alef maqsura, taa marbuta, tatweel, diacritics and digits', () => {
    expect(normalize('ar', 'أريد مساعدةً')).toBe(normalize('ar', 'اريد مساعده'));
    expect(normalize('ar', 'مـــوعد')).toBe('موعد');
    expect(normalize('ar', 'عندي ٣ أطفال')).toBe(normalize('ar', 'عندي 3 اطفال'));
  });

  it('Farsi: ي→ی, ك→ک, ZWNJ and Persian digits', () => {
    expect(normalize('fa', 'می‌خواهم کمک')).toBe(normalize('fa', 'ميخواهم كمك'));
    expect(normalize('fa', '۳ بچه دارم؟')).toBe('3 بچه دارم');
  });

  it('Ukrainian: apostrophe variants are one', () => {
    expect(normalize('uk', 'сім’я')).toBe(normalize('uk', "сім'я"));
    expect(normalize('uk', 'Сімʼя')).toBe(normalize('uk', "сім'я"));
  });

  it('French and English: case and accents', () => {
    expect(normalize('fr', 'Je voudrais un Rendez-vous, SVP!')).toBe('je voudrais un rendez vous svp');
  });
});

describe('language detection: script first, then a guess among our languages', () => {
  it.each([
    ['Καλημέρα, θέλω ραντεβού', 'el', false],
    ['kalimera thelw rantevou', 'el', true],
    ['hello i need help with rent', 'en', false],
    ['bonjour je veux un rendez-vous', 'fr', false],
    ['مرحبا أريد موعد', 'ar', false],
    ['سلام می‌خواهم وقت بگیرم', 'fa', false],
    ['Привіт, мені потрібна допомога', 'uk', false],
  ] as const)('%s → %s', (text, language, greeklish) => {
    const d = detectLanguage(text, 'el');
    expect([d.language, d.greeklish]).toEqual([language, greeklish]);
  });

  it('keeps the conversation language when the text does not say', () => {
    expect(detectLanguage('ok', 'fr').language).toBe('fr');
    expect(detectLanguage('123', 'fa').language).toBe('fa');
  });
});
