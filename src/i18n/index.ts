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

/** A translate function fixed to a language; keys are `namespace:key`. */
export function translator(lang: Language): Translate {
  return i18n().getFixedT(lang);
}
