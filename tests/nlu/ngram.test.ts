import { describe, expect, it } from 'vitest';
import { NgramModel, extractFeatures } from '../../src/nlu/ngram.js';
import { combineScores } from '../../src/nlu/classifier.js';
import { detectLanguage } from '../../src/nlu/detect.js';

const TOY: [string, string][] = [
  ['θελο ραντεβου', 'appointment_book'],
  ['κλιστε μου ραντεβου', 'appointment_book'],
  ['μπορο να ρθο αυριο για ραντεβου', 'appointment_book'],
  ['ραντεβου με κοινονικο λιτουργο', 'appointment_book'],
  ['ποτε ανιγετε', 'centre_hours'],
  ['τι ορα κλινετε', 'centre_hours'],
  ['ορες λιτουργιας', 'centre_hours'],
  ['ιστε ανιχτα το σαβατο', 'centre_hours'],
  ['γεια σας', 'greeting'],
  ['καλιμερα', 'greeting'],
  ['καλισπερα σας', 'greeting'],
  ['γεια χαρα', 'greeting'],
];

describe('character n-gram classifier', () => {
  it('extracts padded character n-grams, words and word bigrams', () => {
    const f = extractFeatures('ab cd', { minN: 2, maxN: 3, words: true });
    expect([...f.keys()]).toEqual(expect.arrayContaining([' a', 'ab', 'b ', ' ab', 'ab ', 'w:ab', 'w:cd', 'b:ab cd']));
    expect(f.has('b c')).toBe(false);
  });

  it('learns a toy set and generalises to unseen spellings', () => {
    const model = NgramModel.train(TOY, { minDf: 1 });
    expect(model.predict('θελω ενα ραντεβουδακι')[0]!.label).toBe('appointment_book');
    expect(model.predict('ανιγετε σιμερα;')[0]!.label).toBe('centre_hours');
    expect(model.predict('καλημερα')[0]!.label).toBe('greeting');
    const p = model.predict('ποτε ανιγετε');
    expect(p.reduce((s, x) => s + x.score, 0)).toBeCloseTo(1, 5);
    expect(p).toHaveLength(3);
  });

  it('is deterministic and survives the cache (8-bit weights)', () => {
    const a = NgramModel.train(TOY, { minDf: 1 });
    const b = NgramModel.train(TOY, { minDf: 1 });
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
    const restored = NgramModel.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(a.toJSON()));
    for (const text of ['θελο ραντεβου', 'τι ορα', 'γεια']) {
      const [x, y] = [a.predict(text)[0]!, restored.predict(text)[0]!];
      expect(y.label).toBe(x.label);
      expect(y.score).toBeCloseTo(x.score, 2);
    }
  });
});

describe('ensemble of n-gram and NLP.js scores', () => {
  it('mixes both distributions; the n-gram model weighs more', () => {
    const ranked = combineScores(
      [{ label: 'centre_hours', score: 0.6 }, { label: 'centre_location', score: 0.4 }],
      [{ intent: 'centre_location', score: 0.9 }, { intent: 'centre_hours', score: 0.1 }],
      0.85,
    );
    expect(ranked[0]!.intent).toBe('centre_hours');
    expect(ranked[0]!.score).toBeCloseTo(0.85 * 0.6 + 0.15 * 0.1, 6);
    expect(ranked.reduce((s, r) => s + r.score, 0)).toBeCloseTo(1, 6);
  });

  it('NLP.js can overturn a close n-gram call', () => {
    const ranked = combineScores([{ label: 'gmi_info', score: 0.48 }, { label: 'gmi_eligibility', score: 0.52 }], [{ intent: 'gmi_info', score: 1 }], 0.85);
    expect(ranked[0]!.intent).toBe('gmi_info');
  });

  it('puts an emergency first when its probability reaches the floor', () => {
    const ranked = combineScores([{ label: 'goodbye', score: 0.7 }, { label: 'emergency', score: 0.3 }], [{ intent: 'goodbye', score: 1 }], 0.85, 0.2);
    expect(ranked.map((r) => r.intent)).toEqual(['emergency', 'goodbye']);
    const below = combineScores([{ label: 'goodbye', score: 0.9 }, { label: 'emergency', score: 0.1 }], [{ intent: 'goodbye', score: 1 }], 0.85, 0.2);
    expect(below[0]!.intent).toBe('goodbye');
  });

  it('ignores labels outside the taxonomy and uses NLP.js alone without an n-gram model', () => {
    const ranked = combineScores([], [{ intent: 'weird', score: 0.5 }, { intent: 'thanks', score: 0.5 }]);
    expect(ranked).toEqual([{ intent: 'thanks', score: 1 }]);
  });
});

describe('Arabic vs Farsi detection', () => {
  it.each([
    ['من فضلك اريد موعد', 'ar'],
    ['ما هي ساعات العمل', 'ar'],
    ['بدي مساعدة بالايجار', 'ar'],
    ['من یه وقت میخوام', 'fa'],
    ['ما سه تا بچه داریم', 'fa'],
    ['کمک لازم دارم', 'fa'],
  ] as const)('%s → %s (words both languages share do not decide)', (text, language) => {
    expect(detectLanguage(text, 'el').language).toBe(language);
  });
});
