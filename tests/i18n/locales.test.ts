import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/bot/core/types.js';
import { NAMESPACES, readLocales } from '../../src/i18n/index.js';
import { projectPath } from '../../src/config/paths.js';
import { REFERENCE, localeProblems, pluralCategories } from './locale-problems.js';

const resources = readLocales();
const languages = Object.keys(resources).sort();
const namespaces = Object.keys(resources[REFERENCE] ?? {}).sort();

describe('locales', () => {
  it('has the six languages of the dialogs: el, en, ar, fa, uk, fr', () => {
    expect(languages).toEqual(expect.arrayContaining([...LANGUAGES]));
  });

  it('has a Greek file for every namespace the code loads', () => {
    expect(namespaces).toEqual(expect.arrayContaining([...NAMESPACES]));
  });

  describe.each(languages)('%s', (lng) => {
    it.each(namespaces)('%s.json has every Greek key, no other, with the same placeholders, none empty', (ns) => {
      expect(localeProblems(resources, lng, ns)).toEqual([]);
    });
  });
});

/** The check must catch a broken translation: run it on a damaged copy of locales/. */
describe('the locale check', () => {
  let copy: string | undefined;
  afterEach(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
    copy = undefined;
  });

  function damaged(lng: string, ns: string, edit: (tree: Record<string, unknown>) => void): ReturnType<typeof readLocales> {
    copy = mkdtempSync(join(tmpdir(), 'kentro-locales-'));
    cpSync(projectPath('locales'), copy, { recursive: true });
    const file = join(copy, lng, `${ns}.json`);
    const tree = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    edit(tree);
    writeFileSync(file, JSON.stringify(tree));
    return readLocales(copy);
  }

  it('names language, namespace and key when a key is missing', () => {
    const broken = damaged('fr', 'common', (t) => delete (t.buttons as Record<string, unknown>).back);
    expect(localeProblems(broken, 'fr', 'common')).toEqual(['fr/common: missing key "buttons.back"']);
  });

  it('reports an extra key, an empty string and a translated placeholder', () => {
    const broken = damaged('uk', 'common', (t) => {
      t.surplus = 'зайве';
      t.empty = ' ';
      t.tooLong = 'Задовге (до {{максимум}} символів).';
    });
    expect(localeProblems(broken, 'uk', 'common')).toEqual([
      'uk/common: extra key "surplus" (not in Greek)',
      'uk/common: key "empty" is empty',
      'uk/common: key "tooLong" has placeholders {{максимум}} but Greek has {{max}}',
    ]);
  });

  it('reports a missing file', () => {
    const broken = readLocales();
    delete broken.fa!.menu;
    expect(localeProblems(broken, 'fa', 'menu')).toEqual(['fa/menu: file locales/fa/menu.json is missing']);
  });

  it('wants each language’s own plural forms: Arabic six where Greek has two', () => {
    expect(pluralCategories('ar').sort()).toEqual(['few', 'many', 'one', 'other', 'two', 'zero']);
    const withPlural = (lng: string, forms: Record<string, string>): ReturnType<typeof readLocales> => {
      const r = readLocales();
      for (const [category, text] of Object.entries(forms)) r[lng]!.common![`messages_${category}`] = text;
      return r;
    };
    let r = withPlural('el', { one: 'Ένα μήνυμα', other: '{{count}} μηνύματα' });
    r = { ...r, ar: withPlural('ar', { one: 'رسالة واحدة', other: '{{count}} رسالة' }).ar! };
    expect(localeProblems(r, 'el', 'common')).toEqual([]);
    expect(localeProblems(r, 'ar', 'common')).toEqual([
      'ar/common: missing key "messages_few" (a plural form of ar)',
      'ar/common: missing key "messages_many" (a plural form of ar)',
      'ar/common: missing key "messages_two" (a plural form of ar)',
      'ar/common: missing key "messages_zero" (a plural form of ar)',
    ]);
    r = {
      ...r,
      ar: withPlural('ar', { zero: 'لا رسائل', one: 'رسالة واحدة', two: 'رسالتان', few: '{{count}} رسائل', many: '{{count}} رسالة', other: '{{count}} رسالة' }).ar!,
    };
    expect(localeProblems(r, 'ar', 'common')).toEqual([]);
    r = { ...r, en: withPlural('en', { one: 'One message', other: '{{n}} messages', few: 'A few' }).en! };
    expect(localeProblems(r, 'en', 'common')).toEqual([
      'en/common: extra key "messages_few" (en has no plural form "few")',
      'en/common: key "messages_other" has placeholders {{n}} but Greek has {{count}}',
    ]);
  });
});
