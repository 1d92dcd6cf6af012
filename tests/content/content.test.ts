import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ContentError,
  defaultContentDir,
  loadContent,
  parseCentreFile,
  type ContentIssue,
} from '../../src/content/load.js';
import { formatPath } from '../../src/content/yaml-issues.js';
import { WEEKDAYS, centreSchema } from '../../src/content/schema.js';

const IDS = ['nikaia-rentis', 'samos', 'souli', 'syros-ermoupoli', 'thira'];

const temps: string[] = [];
afterEach(async () => {
  while (temps.length > 0) {
    const dir = temps.pop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
});

/** A copy of the shipped content in a temp dir, as `<tmp>/content` so labels read "content/…". */
async function copyContent(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'kentro-content-'));
  temps.push(root);
  const dir = path.join(root, 'content');
  await cp(defaultContentDir(), dir, { recursive: true });
  return dir;
}

async function editFile(dir: string, id: string, edit: (text: string) => string): Promise<void> {
  const file = path.join(dir, 'centres', `${id}.yaml`);
  const before = await readFile(file, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before);
  await writeFile(file, after);
}

async function loadError(dir: string): Promise<ContentError> {
  try {
    await loadContent(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ContentError);
    return err as ContentError;
  }
  throw new Error('expected loadContent to throw');
}

describe('shipped content', () => {
  it('loads and has exactly the five centres', async () => {
    const content = await loadContent(defaultContentDir());
    expect([...content.centres.keys()]).toEqual(IDS);
    for (const [id, centre] of content.centres) expect(centre.id).toBe(id);
  });

  it('gives Thira a mobile unit with Anafi, Ios, Sikinos and Folegandros, marked unconfirmed', async () => {
    const { centres } = await loadContent(defaultContentDir());
    const unit = centres.get('thira')?.mobileUnit;
    expect(unit).toBeDefined();
    expect(unit?.islands.map((i) => i.id).sort()).toEqual(['anafi', 'folegandros', 'ios', 'sikinos']);
    // The seed gives no visiting schedule.
    for (const island of unit?.islands ?? []) expect(island.unconfirmed).toBe(true);
    for (const [id, centre] of centres) if (id !== 'thira') expect(centre.mobileUnit).toBeUndefined();
  });

  it('has opening hours on every weekday and none at the weekend', async () => {
    const { centres } = await loadContent(defaultContentDir());
    for (const centre of centres.values()) {
      for (const day of WEEKDAYS.slice(0, 5)) expect(centre.openingHours[day].length, `${centre.id} ${day}`).toBeGreaterThan(0);
      expect(centre.openingHours.sat).toEqual([]);
      expect(centre.openingHours.sun).toEqual([]);
    }
  });

  it('uses the hours the seeds give and marks the rest unconfirmed', async () => {
    const { centres } = await loadContent(defaultContentDir());
    const mon = (id: string) => centres.get(id)?.openingHours.mon[0];
    expect(mon('syros-ermoupoli')).toEqual({ open: '08:00', close: '16:00' });
    expect(mon('thira')).toEqual({ open: '08:00', close: '15:30' });
    expect(mon('nikaia-rentis')).toEqual({ open: '09:00', close: '17:00' });
    for (const id of ['syros-ermoupoli', 'thira', 'nikaia-rentis']) expect(centres.get(id)?.openingHours.unconfirmed).toBeUndefined();
    // The Souli and Samos seeds give no hours.
    expect(centres.get('souli')?.openingHours.unconfirmed).toBe(true);
    expect(centres.get('samos')?.openingHours.unconfirmed).toBe(true);
  });

  it('keeps Thira\'s contact from its seed and marks missing contacts unconfirmed', async () => {
    const { centres } = await loadContent(defaultContentDir());
    const thira = centres.get('thira');
    expect(thira?.contact.phones).toEqual(['2286037036', '2286033023']);
    expect(thira?.contact.email).toBe('kkthiras@thira.gov.gr');
    expect(thira?.contact.unconfirmed).toBeUndefined();
    for (const id of ['syros-ermoupoli', 'souli', 'samos', 'nikaia-rentis']) {
      const contact = centres.get(id)?.contact;
      if (contact && contact.phones.length === 0 && contact.email === undefined) expect(contact.unconfirmed, id).toBe(true);
    }
  });

  it('has 4 to 8 directory entries per centre, with defaults applied', async () => {
    const { centres } = await loadContent(defaultContentDir());
    for (const centre of centres.values()) {
      expect(centre.directory.length, centre.id).toBeGreaterThanOrEqual(4);
      expect(centre.directory.length, centre.id).toBeLessThanOrEqual(8);
      expect(centre.slotMinutes).toBe(30);
      expect(centre.capacity).toBeGreaterThanOrEqual(1);
      expect(centre.timezone).toBe('Europe/Athens');
      expect(centre.source.seed).toMatch(/^shared\/seeds\/\d{3}_[0-9a-f]+\.txt$/);
    }
  });
});

describe('validation errors', () => {
  it('names the file, the path and the reason of a bad value', async () => {
    const dir = await copyContent();
    await editFile(dir, 'souli', (t) => t.replace('mon: [{ open: "08:00"', 'mon: [{ open: "8am"'));
    const err = await loadError(dir);
    expect(err.name).toBe('ContentError');
    expect(err.issues).toContainEqual(
      expect.objectContaining({ file: 'content/centres/souli.yaml', path: 'openingHours.mon[0].open', message: 'expected HH:MM' }),
    );
    expect(err.message.split('\n')).toContain('content/centres/souli.yaml: openingHours.mon[0].open: expected HH:MM');
    const issue = err.issues.find((i) => i.path === 'openingHours.mon[0].open');
    expect(issue?.line).toBeGreaterThan(1);
  });

  it('collects issues across all files instead of stopping at the first', async () => {
    const dir = await copyContent();
    await editFile(dir, 'souli', (t) => t.replace('close: "16:00"', 'close: "07:00"'));
    await editFile(dir, 'thira', (t) => t.replace('email: kkthiras@thira.gov.gr', 'email: not-an-email'));
    const err = await loadError(dir);
    const lines = err.message.split('\n');
    expect(lines).toContain('content/centres/souli.yaml: openingHours.mon[0].close: open must be before close');
    expect(lines.some((l) => l.startsWith('content/centres/thira.yaml: contact.email: '))).toBe(true);
    expect(lines).toHaveLength(err.issues.length);
  });

  it('reports a YAML syntax error with the file and the line', async () => {
    const dir = await copyContent();
    const file = path.join(dir, 'centres', 'samos.yaml');
    const text = await readFile(file, 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('slotMinutes:'));
    lines.splice(at, 0, 'broken: [1, 2');
    await writeFile(file, lines.join('\n'));
    const err = await loadError(dir);
    expect(err.issues).toHaveLength(1);
    const issue = err.issues[0] as ContentIssue;
    expect(issue.file).toBe('content/centres/samos.yaml');
    expect(issue.line).toBeGreaterThanOrEqual(at + 1);
    expect(issue.message).toMatch(/^YAML syntax error at line \d+, column \d+: /);
    expect(err.message).toMatch(/^content\/centres\/samos\.yaml: YAML syntax error at line \d+/);
  });

  it('rejects unknown keys, naming them', async () => {
    const dir = await copyContent();
    await editFile(dir, 'thira', (t) => t.replace('slotMinutes: 30', 'slotMinutes: 30\nslotMinuts: 45'));
    await editFile(dir, 'syros-ermoupoli', (t) => t.replace('  phones: []', '  phones: []\n  fax: "2281000000"'));
    const err = await loadError(dir);
    expect(err.message.split('\n')).toEqual(
      expect.arrayContaining([
        'content/centres/syros-ermoupoli.yaml: contact.fax: unknown key',
        'content/centres/thira.yaml: slotMinuts: unknown key',
      ]),
    );
  });

  it('rejects a file whose name differs from its id', async () => {
    const dir = await copyContent();
    await rename(path.join(dir, 'centres', 'samos.yaml'), path.join(dir, 'centres', 'samos-island.yaml'));
    const err = await loadError(dir);
    expect(err.issues).toEqual([
      expect.objectContaining({ file: 'content/centres/samos-island.yaml', path: 'id' }),
    ]);
    expect(err.message).toContain('does not match the file name');
  });

  it('reports missing required keys, duplicate keys and bad categories', async () => {
    const dir = await copyContent();
    await editFile(dir, 'nikaia-rentis', (t) =>
      t
        .replace(/^source:[\s\S]*$/m, '')
        .replace('  - key: kep\n', '  - key: hospital\n')
        .replace('category: employment', 'category: jobs'),
    );
    const err = await loadError(dir);
    const lines = err.message.split('\n');
    expect(lines).toContain('content/centres/nikaia-rentis.yaml: source: required');
    expect(lines.some((l) => l.startsWith('content/centres/nikaia-rentis.yaml: directory[3].category: expected one of:'))).toBe(true);
    // Duplicate keys are checked once the entries themselves are valid.
    const dup = parseCentreFile(
      (await readFile(path.join(defaultContentDir(), 'centres', 'nikaia-rentis.yaml'), 'utf8')).replace('  - key: kep\n', '  - key: hospital\n'),
      'content/centres/nikaia-rentis.yaml',
      'nikaia-rentis',
    );
    expect(dup.issues.map((i) => `${i.path}: ${i.message}`)).toContain('directory[2].key: duplicate directory key "hospital"');
  });

  it('reports an empty or missing centres directory', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'kentro-content-'));
    temps.push(root);
    const err = await loadError(path.join(root, 'content'));
    expect(err.issues[0]?.file).toBe('content/centres');
  });
});

describe('centre schema', () => {
  const minimal = {
    id: 'test-centre',
    name: { el: 'Κέντρο', en: 'Centre' },
    municipality: { el: 'Δήμος', en: 'Municipality' },
    address: { el: 'Οδός 1', en: '1 Street' },
    contact: { phones: ['2100000000'], email: 'kk@example.gr', website: 'https://example.gr' },
    openingHours: { mon: [{ open: '08:00', close: '16:00' }] },
    services: [{ key: 'reception', el: 'Υποδοχή', en: 'Reception' }],
    source: { seed: 'shared/seeds/x.txt', facts: ['a fact'] },
  };

  it('applies defaults', () => {
    const c = centreSchema.parse(minimal);
    expect(c.slotMinutes).toBe(30);
    expect(c.capacity).toBe(2);
    expect(c.openingHours.sun).toEqual([]);
    expect(c.directory).toEqual([]);
    expect(c.closures).toEqual([]);
  });

  it('validates ids, times, emails, urls, dates and overlapping intervals', () => {
    const bad = {
      ...minimal,
      id: 'Test_Centre',
      contact: { phones: ['210 000'], email: 'nope', website: 'ftp://example.gr' },
      openingHours: { mon: [{ open: '08:00', close: '12:00' }, { open: '11:00', close: '16:00' }], tue: [{ open: '25:00', close: '16:00' }] },
      closures: [{ from: '2025-02-30', reason: { el: 'α', en: 'a' } }, { from: '2025-05-02', to: '2025-05-01', reason: { el: 'α', en: 'a' } }],
      feastDay: { date: '13-01', name: { el: 'α', en: 'a' } },
    };
    const r = centreSchema.safeParse(bad);
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.error.issues.map((i) => formatPath(i.path));
    expect(paths).toEqual(
      expect.arrayContaining([
        'id',
        'contact.phones[0]',
        'contact.email',
        'contact.website',
        'openingHours.mon[1].open',
        'openingHours.tue[0].open',
        'closures[0].from',
        'closures[1].to',
        'feastDay.date',
      ]),
    );
  });

  it('checks that a closure location is an island of the mobile unit', () => {
    const r = centreSchema.safeParse({
      ...minimal,
      mobileUnit: { islands: [{ id: 'ios', name: { el: 'Ίος', en: 'Ios' }, visitDays: ['tue'], hours: [{ open: '10:00', close: '14:00' }] }] },
      closures: [{ from: '2025-05-02', reason: { el: 'α', en: 'a' }, location: 'naxos' }],
    });
    expect(r.success).toBe(false);
    expect(r.success ? [] : r.error.issues.map((i) => formatPath(i.path))).toEqual(['closures[0].location']);
  });
});
