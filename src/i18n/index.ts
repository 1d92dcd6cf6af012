import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { projectPath } from '../config/paths.js';
import { LANGUAGES, type Language } from '../bot/core/types.js';

export const NAMESPACES = ['common', 'welcome', 'menu', 'centre', 'nlu', 'safety', 'eligibility', 'appointments', 'consent', 'intake', 'privacy', 'handoff'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Reads locales/<lng>/<namespace>.json for every language folder present. */
export function readLocales(dir = projectPath('locales')): Resources {
  const resources: Resources = {};
  for (const lng of readdirSync(dir)) {
    resources[lng] = {};
    for (const file of readdirSync(join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      resources[lng]![file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, lng, file), 'utf8')) as Record<string, unknown>;
    }
  }
  return resources;
}

let instance: i18n | undefined;

/** One i18next instance for the process, initialised synchronously from the files. */
export function i18n(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources: readLocales(),
      lng: 'el',
      fallbackLng: 'en',
      supportedLngs: [...LANGUAGES],
      ns: [...NAMESPACES],
      defaultNS: 'common',
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
      showSupportNotice: false,
    });
  }
  return instance;
}

export type Translate = TFunction;

const translators = new Map<Language, Translate>();

/**
 * A translate function fixed to a language; keys are `namespace:key`. One per language for the
 * process. A key asked for without options (no interpolation, no plural) always gives the same
 * string — resources never change after start-up — so that string is remembered: menus and
 * buttons are translated on every turn, and i18next's lookup was the largest CPU and allocation
 * cost of a turn (~17% and ~40% in `npm run bench -- --profile`).
 */
export function translator(lang: Language): Translate {
  let t = translators.get(lang);
  if (!t) {
    const fixed = i18n().getFixedT(lang);
    const plain = new Map<string, string>();
    const memoized = (key: unknown, ...rest: unknown[]): unknown => {
      if (rest.length > 0 || typeof key !== 'string') return (fixed as unknown as (...args: unknown[]) => unknown)(key, ...rest);
      let text = plain.get(key);
      if (text === undefined) {
        text = fixed(key);
        plain.set(key, text);
      }
      return text;
    };
    t = Object.assign(memoized, fixed) as unknown as Translate;
    translators.set(lang, t);
  }
  return t;
}
