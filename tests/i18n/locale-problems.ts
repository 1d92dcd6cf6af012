import type { Resources } from '../../src/i18n/index.js';

/** The reference language: every other locale is compared with Greek. */
export const REFERENCE = 'el';

const PLURAL_KEY = /^(.+)_(ordinal_)?(zero|one|two|few|many|other)$/;
const PLACEHOLDER = /\{\{\s*(.+?)\s*\}\}/g;

/** One namespace flattened: plain keys by dotted path, plural groups by `path_*` (or `path_ordinal_*`). */
interface Shape {
  plain: Map<string, unknown>;
  plurals: Map<string, { ordinal: boolean; forms: Map<string, unknown> }>;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

function shape(tree: Record<string, unknown>): Shape {
  const result: Shape = { plain: new Map(), plurals: new Map() };
  for (const [path, value] of flatten(tree, '', new Map())) {
    const dot = path.lastIndexOf('.');
    const match = PLURAL_KEY.exec(path.slice(dot + 1));
    if (!match) {
      result.plain.set(path, value);
      continue;
    }
    const ordinal = match[2] !== undefined;
    const group = `${path.slice(0, dot + 1)}${match[1]!}_${ordinal ? 'ordinal_' : ''}*`;
    const entry = result.plurals.get(group) ?? { ordinal, forms: new Map() };
    entry.forms.set(match[3]!, value);
    result.plurals.set(group, entry);
  }
  return result;
}

/** The plural forms i18next looks up for a language: the categories of Intl.PluralRules. */
export function pluralCategories(lng: string, ordinal = false): string[] {
  return new Intl.PluralRules(lng, { type: ordinal ? 'ordinal' : 'cardinal' }).resolvedOptions().pluralCategories;
}

function placeholders(value: unknown): string[] {
  return typeof value === 'string' ? [...new Set([...value.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort() : [];
}

const list = (names: string[]): string => (names.length ? names.map((n) => `{{${n}}}`).join(' ') : 'none');

/**
 * Everything wrong with one namespace of one language compared with Greek, one line per
 * problem (sorted), each naming language, namespace and key. Empty when the file is complete.
 */
export function localeProblems(resources: Resources, lng: string, ns: string): string[] {
  const where = `${lng}/${ns}`;
  const reference = resources[REFERENCE]?.[ns];
  if (!reference) return [`${REFERENCE}/${ns}: the Greek file is missing`];
  const tree = resources[lng]?.[ns];
  if (!tree) return [`${where}: file locales/${lng}/${ns}.json is missing`];

  const el = shape(reference);
  const own = shape(tree);
  const problems: string[] = [];

  const checkValue = (key: string, value: unknown, expected: string[], mayOmitCount = false): void => {
    if (typeof value !== 'string') {
      problems.push(`${where}: key "${key}" is not a string`);
      return;
    }
    if (value.trim() === '') problems.push(`${where}: key "${key}" is empty`);
    const found = placeholders(value);
    // A singular-like form ("one message", "two messages") may leave out the number itself.
    const required = mayOmitCount ? expected.filter((p) => p !== 'count') : expected;
    const ok = found.every((p) => expected.includes(p)) && required.every((p) => found.includes(p));
    if (!ok) problems.push(`${where}: key "${key}" has placeholders ${list(found)} but Greek has ${list(expected)}`);
  };

  for (const key of el.plain.keys()) if (!own.plain.has(key)) problems.push(`${where}: missing key "${key}"`);
  for (const key of own.plain.keys()) if (!el.plain.has(key)) problems.push(`${where}: extra key "${key}" (not in Greek)`);
  for (const [key, value] of own.plain) {
    if (el.plain.has(key)) checkValue(key, value, placeholders(el.plain.get(key)));
  }

  for (const group of el.plurals.keys()) if (!own.plurals.has(group)) problems.push(`${where}: missing plural key "${group}"`);
  for (const group of own.plurals.keys()) if (!el.plurals.has(group)) problems.push(`${where}: extra plural key "${group}" (not in Greek)`);
  for (const [group, { ordinal, forms }] of own.plurals) {
    const greek = el.plurals.get(group);
    if (!greek) continue;
    const base = group.slice(0, -1);
    const wanted = new Set(pluralCategories(lng, ordinal));
    // i18next's optional `_zero` (used for count 0 in any language) is kept wherever Greek has it.
    if (greek.forms.has('zero')) wanted.add('zero');
    for (const category of wanted) {
      if (!forms.has(category)) problems.push(`${where}: missing key "${base}${category}" (a plural form of ${lng})`);
    }
    for (const category of forms.keys()) {
      if (!wanted.has(category)) problems.push(`${where}: extra key "${base}${category}" (${lng} has no plural form "${category}")`);
    }
    const expected = placeholders(greek.forms.get('other'));
    for (const [category, value] of forms) {
      if (wanted.has(category)) checkValue(`${base}${category}`, value, expected, category !== 'other');
    }
  }
  return problems.sort();
}
