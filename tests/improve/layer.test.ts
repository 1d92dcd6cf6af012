import { beforeAll, describe, expect, it } from 'vitest';
import { IntentClassifier, learnedKey } from '../../src/nlu/classifier.js';

describe('the learned-examples layer of the classifier', () => {
  let classifier: IntentClassifier;
  beforeAll(async () => {
    classifier = await IntentClassifier.create();
  });

  it('keys ignore case, accents, punctuation and spacing; Greeklish meets Greek', () => {
    expect(learnedKey('el', 'Χρειάζομαι ξύλα για τη σόμπα')).toBe(learnedKey('el', '  χρειαζομαι ΞΥΛΑ, για τη σομπα!! '));
    expect(learnedKey('el', '!!!')).toBe('');
    expect(learnedKey('en', 'wood')).not.toBe(learnedKey('el', 'wood'));
  });

  it('an example decides its text, swapped in at once; never over an emergency', async () => {
    const text = 'Χρειάζομαι ξύλα για τη σόμπα';
    const before = await classifier.classify(text, { fallback: 'el' });
    expect(before.intent).not.toBe('social_electricity_tariff');
    const danger = 'θέλω να αυτοκτονήσω';
    expect((await classifier.classify(danger, { fallback: 'el' })).intent).toBe('emergency');
    classifier.useLearned([
      { language: 'el', text, intent: 'social_electricity_tariff' },
      { language: 'el', text: danger, intent: 'greeting' },
    ]);
    expect(await classifier.classify('χρειαζομαι ξυλα για τη σομπα', { fallback: 'el' })).toMatchObject({ intent: 'social_electricity_tariff', score: 1 });
    expect((await classifier.classify(danger, { fallback: 'el' })).intent).toBe('emergency');
    classifier.useLearned([]);
    expect((await classifier.classify(text, { fallback: 'el' })).intent).toBe(before.intent);
  });
});
