import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../src/bot/core/types.js';
import { compiledLexicons, detectDanger } from '../../../src/bot/safety/detect.js';
import { foldGreek, greeklishReadings, sentences } from '../../../src/bot/safety/normalize.js';
import { MESSAGES } from './messages.js';

const forms = Object.entries(MESSAGES);

describe('danger detection', () => {
  it('compiles every lexicon of every language', () => {
    expect(compiledLexicons().map((l) => l.language).sort()).toEqual([...LANGUAGES].sort());
  });

  describe.each(forms)('%s', (_form, set) => {
    it.each(set.danger)('finds the danger in "%s" (%s)', (text, category) => {
      expect(detectDanger(text, set.language)?.categories).toContain(category);
    });

    it.each(set.ordinary)('raises no alarm for "%s"', (text) => {
      const found = detectDanger(text, set.language);
      expect(found?.matches ?? []).toEqual([]);
    });
  });

  it('checks every language whatever the conversation is in: Farsi, Arabic and Ukrainian in a Greek conversation', () => {
    expect(detectDanger('شوهرم منو میزنه', 'el')).toMatchObject({ categories: ['violence'], languages: ['fa'] });
    expect(detectDanger('بدي انتحر', 'el')).toMatchObject({ categories: ['suicide'], languages: ['ar'] });
    expect(detectDanger('хочу померти', 'el')).toMatchObject({ categories: ['suicide'], languages: ['uk'] });
    expect(detectDanger('je veux mourir', 'el')?.languages[0]).toBe('fr');
  });

  it('finds several dangers in one message', () => {
    expect(detectDanger('Με χτυπάει και χτυπάει και τα παιδιά, δεν θέλω να ζω')?.categories).toEqual(['violence', 'suicide', 'child']);
  });

  it('reads spelling variants the same way: accents, final sigma, Greeklish, letter forms, ZWNJ, apostrophes, repeated letters', () => {
    const same = (a: string, b: string, view: 'native' | 'greek' = 'native') => expect(sentences(a, view)).toEqual(sentences(b, view));
    same('ΑΥΤΟΚΤΟΝΊΑ', 'αυτοκτονια');
    same('σκοτώνεις', 'σκοτωνεισ');
    expect(foldGreek('χτυπαει')).toBe(foldGreek('χτιπαει'));
    // Greeklish readings include the Greek spelling's fold.
    const g = (word: string) => sentences(word, 'native')[0]![0]![0]!;
    expect(greeklishReadings('aytoktonia')).toContain(g('αυτοκτονία'));
    expect(greeklishReadings('aftoktonia')).toContain(g('αυτοκτονία'));
    expect(greeklishReadings('xtypaei')).toContain(g('χτυπάει'));
    expect(greeklishReadings('8elw')).toContain(g('θέλω'));
    expect(greeklishReadings('den')).toContain(g('δεν'));
    expect(greeklishReadings('zhsw')).toContain(g('ζήσω'));
    expect(greeklishReadings('voitheia')).toContain(g('βοήθεια'));
    expect(greeklishReadings('zoi')).toContain(g('ζωή'));
    expect(greeklishReadings('boithia')).toContain(g('βοήθεια'));
    expect(greeklishReadings('thn')).toContain(g('την'));
    expect(greeklishReadings('phra')).toContain(g('πήρα'));
    // Arabic and Farsi letter forms, ZWNJ and a space after می.
    same('می‌خواهم', 'میخواهم');
    same('می خواهم', 'میخواهم');
    same('ميخواهم', 'میخواهم');
    same('أريد', 'اريد');
    same('مساعدةً', 'مساعده');
    same('٣', '3');
    // Ukrainian apostrophes, and Russian spellings of the same sounds.
    same("б'є", 'б’є');
    same('бʼє', 'бє');
    expect(sentences("б'є", 'native')).toEqual(sentences('бье', 'native'));
    same('pleaseeee', 'please');
  });

  it('finds danger through typos and without accents', () => {
    expect(detectDanger('i wanna kil myself')?.categories).toEqual(['suicide']);
    expect(detectDanger('sucide')?.categories).toEqual(['suicide']);
    expect(detectDanger('ΜΕ ΧΤΥΠΑΕΙ')?.categories).toEqual(['violence']);
    expect(detectDanger('Me htipaei')?.categories).toEqual(['violence']);
    expect(detectDanger('je veux mourrir')?.categories).toEqual(['suicide']);
  });

  it('says which pattern matched, never echoing the citizen', () => {
    const found = detectDanger('my husband beats me');
    expect(found?.matches[0]).toMatchObject({ language: 'en', category: 'violence' });
    expect(found?.matches[0]?.pattern).not.toContain('my husband beats me');
  });

  it('reads a long message quickly', () => {
    const long = 'Καλημέρα, θα ήθελα να ρωτήσω για το επίδομα στέγασης και τα χαρτιά που χρειάζονται. '.repeat(45);
    const started = performance.now();
    expect(detectDanger(long)).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
