import { describe, expect, it } from 'vitest';
import { DICTIONARIES, translator } from '../../src/web/inbox/i18n.js';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the inbox’s words', () => {
  it('has every Greek key in English with the same placeholders', () => {
    const el: Record<string, string> = DICTIONARIES.el;
    const en: Record<string, string> = DICTIONARIES.en;
    expect(Object.keys(en).sort()).toEqual(Object.keys(el).sort());
    for (const key of Object.keys(el)) expect(placeholders(en[key]!), key).toEqual(placeholders(el[key]!));
  });

  it('fills placeholders', () => {
    expect(translator('el')('unread', { count: 3 })).toBe('3 νέα');
    expect(translator('en')('freeTextNotice', { language: 'Arabic' })).toContain('Arabic');
  });
});
