import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/bot/core/types.js';
import { ContentError, defaultContentDir } from '../../src/content/load.js';
import {
  PROGRAMME_INTENTS,
  answerFor,
  loadProgrammes,
  parseProgrammeFile,
  programmeFor,
  type Programme,
} from '../../src/content/programmes.js';
import { INTENTS } from '../../src/nlu/intents.js';

const IDS = [
  'asylum_support', 'child_benefit', 'child_learning_support', 'disability_benefit', 'donations_volunteering',
  'elderly_uninsured_benefit', 'food_aid', 'gmi', 'healthcare_uninsured', 'home_help', 'housing_benefit',
  'psychosocial_support', 'social_electricity_tariff', 'unemployment_registration',
];
const GMI_INTENTS = ['gmi_info', 'gmi_eligibility', 'gmi_documents', 'gmi_apply_help', 'gmi_payment'] as const;

const temps: string[] = [];
afterEach(async () => {
  while (temps.length > 0) {
    const dir = temps.pop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
});

/** A copy of the shipped content as `<tmp>/content`, so issue labels read "content/programmes/…". */
async function copyContent(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'kentro-programmes-'));
  temps.push(root);
  const dir = path.join(root, 'content');
  await cp(defaultContentDir(), dir, { recursive: true });
  return dir;
}

/** Edits one programme file through the YAML document model (keeps the rest intact). */
async function editProgramme(dir: string, id: string, edit: (doc: YAML.Document) => void): Promise<void> {
  const file = path.join(dir, 'programmes', `${id}.yaml`);
  const doc = YAML.parseDocument(await readFile(file, 'utf8'));
  edit(doc);
  await writeFile(file, String(doc));
}

async function loadError(dir: string): Promise<ContentError> {
  try {
    await loadProgrammes(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ContentError);
    return err as ContentError;
  }
  throw new Error('expected loadProgrammes to throw');
}

/** Every localized text object ({el, en, …}) in a programme, with its path. */
function localizedTexts(value: unknown, at = ''): { path: string; text: Record<string, unknown> }[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => localizedTexts(v, `${at}[${i}]`));
  const obj = value as Record<string, unknown>;
  if ('el' in obj) return [{ path: at, text: obj }];
  return Object.entries(obj).flatMap(([k, v]) => localizedTexts(v, at === '' ? k : `${at}.${k}`));
}

/** "1.296 €", "1,296 €", "1 296 €" → "1296 €", so amounts can be compared across languages. */
function plainNumbers(text: string): string {
  return text.replace(/(\d)[.,\s\u00a0\u202f](?=\d{3}\b)/g, '$1');
}

const shipped = () => loadProgrammes(defaultContentDir());

describe('shipped programme files', () => {
  it('all load, one file per programme, each id equal to its file name', async () => {
    const programmes = await shipped();
    expect([...programmes.keys()]).toEqual(IDS);
    for (const [id, p] of programmes) {
      expect(p.id).toBe(id);
      expect(p.lastChecked).toBe('2026-03');
      expect(p.sources.length, id).toBeGreaterThan(0);
    }
  });

  it('covers every programme intent of the taxonomy with exactly one file', async () => {
    const taxonomy = INTENTS.slice(INTENTS.indexOf('gmi_info'), INTENTS.indexOf('donations_volunteering') + 1);
    expect([...PROGRAMME_INTENTS]).toEqual(taxonomy);
    const programmes = await shipped();
    for (const intent of PROGRAMME_INTENTS) {
      const answering = [...programmes.values()].filter((p) => p.intents.includes(intent)).map((p) => p.id);
      expect(answering, intent).toHaveLength(1);
      expect(programmeFor(programmes, intent)?.id).toBe(answering[0]);
    }
    expect(programmes.get('gmi')?.intents).toEqual([...GMI_INTENTS]);
    const all = [...programmes.values()].flatMap((p) => p.intents);
    expect(all.sort()).toEqual([...PROGRAMME_INTENTS].sort());
  });

  it('has every text in all six languages, none empty', async () => {
    const programmes = await shipped();
    for (const p of programmes.values()) {
      const texts = localizedTexts(p);
      // name, what, who, apply at least
      expect(texts.length, p.id).toBeGreaterThanOrEqual(4);
      for (const { path: at, text } of texts) {
        expect(Object.keys(text).sort(), `${p.id} ${at}`).toEqual([...LANGUAGES].sort());
        for (const lang of LANGUAGES) {
          const t = text[lang];
          expect(typeof t === 'string' && t.trim().length > 0, `${p.id} ${at}.${lang}`).toBe(true);
        }
      }
    }
  });

  it('keeps the Greek name in brackets in every other language, so it can be shown at an office', async () => {
    for (const p of (await shipped()).values()) {
      for (const lang of LANGUAGES.filter((l) => l !== 'el')) {
        expect(p.name[lang], `${p.id} name.${lang}`).toMatch(/\([^)]*[\u0370-\u03ff][^)]*\)/);
      }
    }
  });

  it('writes Farsi with Persian letters, Arabic without them, and Ukrainian without Russian letters', async () => {
    for (const p of (await shipped()).values()) {
      for (const { path: at, text } of localizedTexts(p)) {
        expect(text.fa, `${p.id} ${at}.fa`).not.toMatch(/[يكة]/);
        expect(text.ar, `${p.id} ${at}.ar`).not.toMatch(/[یکگپچژ]/);
        expect(text.uk, `${p.id} ${at}.uk`).not.toMatch(/[ыэёъЫЭЁЪ]/);
        // "می" is a prefix: it is joined to the verb with a ZWNJ, never with a space.
        expect(text.fa, `${p.id} ${at}.fa`).not.toMatch(/(^|[\s(«])ن?می /);
      }
    }
  });

  it('never promises a benefit', async () => {
    for (const p of (await shipped()).values()) {
      for (const { path: at, text } of localizedTexts(p)) {
        expect(text.en, `${p.id} ${at}`).not.toMatch(/you will (get|receive)|you are entitled|guaranteed to/i);
        expect(text.el, `${p.id} ${at}`).not.toMatch(/θα πάρετε|δικαιούστε σίγουρα/i);
      }
    }
  });

  it('says the Community Centre helps for free wherever there is something to apply for', async () => {
    const noApplication = new Set(['donations_volunteering', 'psychosocial_support']);
    for (const p of (await shipped()).values()) {
      if (noApplication.has(p.id)) continue;
      expect(p.sections.apply.text.en, p.id).toMatch(/Community Centre|centre/);
      expect(p.sections.apply.text.en, p.id).toMatch(/free of charge/);
      expect(p.sections.apply.text.el, p.id).toMatch(/δωρεάν/);
    }
  });

  it('marks what depends on the local centre as unconfirmed and tells people to ask the centre', async () => {
    const programmes = await shipped();
    for (const id of ['home_help', 'child_learning_support', 'donations_volunteering']) {
      expect(programmes.get(id)?.unconfirmed, id).toBe(true);
    }
    for (const p of programmes.values()) {
      for (const [key, section] of Object.entries(p.sections)) {
        if (section?.unconfirmed !== true || !('text' in section) || !section.text) continue;
        expect(section.text.en, `${p.id} ${key}`).toMatch(/centre/i);
      }
    }
    expect(programmes.get('food_aid')?.sections.who.unconfirmed).toBe(true);
  });

  it('gives the asylum and healthcare referrals', async () => {
    const programmes = await shipped();
    const asylum = answerFor(programmes.get('asylum_support') as Programme, 'asylum_support', 'en');
    expect(asylum).toContain('help.unhcr.org/greece');
    expect(asylum).toContain('asylum.migration.gov.gr/international-protection-registration');
    const health = answerFor(programmes.get('healthcare_uninsured') as Programme, 'healthcare_uninsured', 'fa');
    expect(health).toContain('ΑΜΚΑ');
    expect(health).toContain('ΠΑΑΥΠΑ');
    expect(health).toContain('amka.gr/have-paaypa');
  });
});

describe('gmi (Ελάχιστο Εγγυημένο Εισόδημα)', () => {
  it('states the amounts of the domain file: 216, +108 per adult, +54 per minor, cap 972, from 1.12.2023', async () => {
    const gmi = (await shipped()).get('gmi') as Programme;
    expect(gmi.effectiveDate).toBe('2023-12-01');
    expect(gmi.sections.amounts?.figures).toEqual({ firstAdult: 216, extraAdult: 108, perMinor: 54, cap: 972 });
    for (const lang of LANGUAGES) {
      for (const text of [gmi.sections.amounts?.text[lang] ?? '', answerFor(gmi, 'gmi_info', lang)]) {
        for (const n of ['216', '108', '54', '972']) expect(text, `${lang} ${n}`).toMatch(new RegExp(`\\b${n} €`));
        expect(text, lang).toMatch(/2023/);
      }
    }
  });

  it('states the 6-month income ceilings of the domain file in every language', async () => {
    const gmi = (await shipped()).get('gmi') as Programme;
    for (const lang of LANGUAGES) {
      const text = plainNumbers(answerFor(gmi, 'gmi_eligibility', lang));
      for (const n of ['1296', '1944', '2268', '2592', '90000', '15000', '150000', '6000', '14400']) {
        expect(text, `${lang} ${n}`).toContain(`${n} €`);
      }
    }
  });

  it('answers each gmi intent with its own text, and the payment answer says when it is paid', async () => {
    const gmi = (await shipped()).get('gmi') as Programme;
    for (const lang of LANGUAGES) {
      const answers = GMI_INTENTS.map((i) => answerFor(gmi, i, lang));
      expect(new Set(answers).size, lang).toBe(GMI_INTENTS.length);
      for (const [i, a] of answers.entries()) expect(a, `${GMI_INTENTS[i]} ${lang}`).toBe(gmi.answers?.[GMI_INTENTS[i]!]?.[lang]);
    }
    expect(answerFor(gmi, 'gmi_payment', 'en')).toMatch(/end of each month/);
    expect(answerFor(gmi, 'gmi_apply_help', 'en')).toContain('keaprogram.gr');
    expect(answerFor(gmi, 'gmi_documents', 'el')).toContain('IBAN');
    expect(gmi.sections.documents?.items.length).toBeGreaterThanOrEqual(5);
  });
});

describe('answerFor', () => {
  it('answers single-intent programmes with what, who and apply, in the asked language', async () => {
    const housing = (await shipped()).get('housing_benefit') as Programme;
    for (const lang of LANGUAGES) {
      const { what, who, apply } = housing.sections;
      expect(answerFor(housing, 'housing_benefit', lang)).toBe([what.text[lang], who.text[lang], apply.text[lang]].join('\n\n'));
    }
    expect(answerFor(housing, 'housing_benefit', 'ar')).toContain('epidomastegasis.gr');
  });

  it('gives a non-empty answer for every programme intent in every language', async () => {
    const programmes = await shipped();
    for (const intent of PROGRAMME_INTENTS) {
      const p = programmeFor(programmes, intent) as Programme;
      for (const lang of LANGUAGES) expect(answerFor(p, intent, lang).trim().length, `${intent} ${lang}`).toBeGreaterThan(20);
    }
  });

  it('refuses an intent the programme does not answer', async () => {
    const gmi = (await shipped()).get('gmi') as Programme;
    expect(() => answerFor(gmi, 'child_benefit', 'en')).toThrow(/does not answer intent "child_benefit"/);
  });
});

describe('broken programme files', () => {
  it('report file, path and reason for each problem, all at once', async () => {
    const dir = await copyContent();
    await editProgramme(dir, 'gmi', (doc) => {
      doc.deleteIn(['sections', 'who', 'text', 'fa']);
      doc.setIn(['sections', 'amounts', 'text', 'uk'], '   ');
      doc.setIn(['sections', 'amounts', 'figures', 'cap'], 'nine hundred');
      doc.setIn(['sections', 'what', 'txet'], 'typo');
      doc.setIn(['effectiveDate'], '2023-13-01');
    });
    const err = await loadError(dir);
    const byPath = new Map(err.issues.map((i) => [i.path, i]));
    for (const issue of err.issues) expect(issue.file).toBe('content/programmes/gmi.yaml');
    expect(byPath.get('sections.who.text.fa')?.message).toBe('missing the Farsi (fa) text');
    expect(byPath.get('sections.amounts.text.uk')?.message).toBe('the Ukrainian (uk) text must not be empty');
    expect(byPath.get('sections.amounts.figures.cap')?.message).toBe('expected an amount in euros');
    expect(byPath.get('sections.what.txet')?.message).toBe('unknown key');
    expect(byPath.get('effectiveDate')?.message).toBe('expected a valid date YYYY-MM-DD');
    expect(byPath.get('sections.amounts.figures.cap')?.line).toBeGreaterThan(1);
    expect(err.message).toContain('content/programmes/gmi.yaml: sections.who.text.fa: missing the Farsi (fa) text');
  });

  it('report an intent answered by two files and a file name that does not match the id', async () => {
    const dir = await copyContent();
    await editProgramme(dir, 'child_benefit', (doc) => doc.setIn(['intents'], ['child_benefit', 'housing_benefit']));
    await editProgramme(dir, 'home_help', (doc) => doc.setIn(['id'], 'help_at_home'));
    const err = await loadError(dir);
    expect(err.issues).toContainEqual(
      expect.objectContaining({ file: 'content/programmes/child_benefit.yaml', path: 'answers.child_benefit' }),
    );
    expect(err.issues).toContainEqual(
      expect.objectContaining({
        file: 'content/programmes/home_help.yaml',
        path: 'id',
        message: '"help_at_home" does not match the file name (expected "home_help")',
      }),
    );
  });

  it('report two files answering the same intent', async () => {
    const dir = await copyContent();
    await editProgramme(dir, 'psychosocial_support', (doc) => doc.setIn(['intents'], ['food_aid']));
    const err = await loadError(dir);
    expect(err.issues).toContainEqual({
      file: 'content/programmes/psychosocial_support.yaml',
      path: 'intents[0]',
      message: 'intent "food_aid" is already answered by content/programmes/food_aid.yaml',
    });
  });

  it('report a programme intent that no file answers', async () => {
    const dir = await copyContent();
    await unlink(path.join(dir, 'programmes', 'home_help.yaml'));
    const err = await loadError(dir);
    expect(err.issues).toEqual([{ file: 'content/programmes', path: '', message: 'no programme file answers: home_help' }]);
  });

  it('report YAML syntax errors with their line', () => {
    const { programme, issues } = parseProgrammeFile('id: gmi\nname: [unclosed\n', 'content/programmes/gmi.yaml', 'gmi');
    expect(programme).toBeUndefined();
    expect(issues[0]?.file).toBe('content/programmes/gmi.yaml');
    expect(issues[0]?.message).toMatch(/^YAML syntax error at line \d+, column \d+/);
  });

  it('report a missing programmes directory', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'kentro-programmes-'));
    temps.push(root);
    const err = await loadError(path.join(root, 'content'));
    expect(err.issues).toEqual([{ file: 'content/programmes', path: '', message: 'cannot read the directory: ENOENT' }]);
  });
});
