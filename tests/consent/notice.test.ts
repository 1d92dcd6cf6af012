import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { LANGUAGES } from '../../src/bot/core/types.js';
import { noticeText, parseNoticeFile } from '../../src/consent/notice.js';
import { ContentError, defaultContentDir, loadContent } from '../../src/content/load.js';
import { shippedContent } from '../support/transcript.js';

const shippedText = readFileSync(join(defaultContentDir(), 'privacy', 'notice.yaml'), 'utf8');
const FILE = 'content/privacy/notice.yaml';

/** The shipped notice with one change, as YAML text. */
function edited(edit: (tree: Record<string, Record<string, unknown>>) => void): string {
  const tree = YAML.parse(shippedText) as Record<string, Record<string, unknown>>;
  edit(tree);
  return YAML.stringify(tree);
}
const texts = (tree: Record<string, Record<string, unknown>>) => tree.texts as Record<string, Record<string, string>>;

describe('the privacy notice', () => {
  it('ships with a version, an effective date and every text in the six languages', async () => {
    const notice = (await shippedContent()).privacy!;
    expect(notice.version).toBe('1');
    expect(notice.effectiveDate).toBe('2026-11-25');
    for (const part of ['short', 'full', 'special', 'dpoUnknown'] as const) {
      for (const lang of LANGUAGES) expect(notice.texts[part][lang].length).toBeGreaterThan(10);
    }
  });

  it('names the municipality as controller, the retention, the rights, the Hellenic DPA and how to ask', async () => {
    const content = await shippedContent();
    const samos = content.centres.get('samos')!;
    const full = noticeText(content.privacy!, 'full', 'el', samos, '2273000000');
    expect(full).toContain(samos.municipality.el);
    expect(full).toContain('12 μήνες');
    expect(full).toContain('5 χρόνια');
    expect(full).toContain('Αρχή Προστασίας Δεδομένων Προσωπικού Χαρακτήρα');
    expect(full).toContain('www.dpa.gr');
    expect(full).toContain('τι ξέρετε για μένα');
    expect(full).not.toMatch(/\{\{/);
    for (const lang of LANGUAGES) expect(noticeText(content.privacy!, 'full', lang, samos, '2273000000')).toContain('www.dpa.gr');
  });

  it('never states a DPO contact that is not confirmed: the citizen is told to ask the centre', async () => {
    const content = await shippedContent();
    expect(content.privacy!.dpo.unconfirmed).toBe(true);
    const full = noticeText(content.privacy!, 'full', 'en', content.centres.get('thira')!, '2286037036');
    expect(full).toContain('Data protection officer of the municipality: ask the centre (2286037036)');
    expect(full).not.toMatch(/@/);
  });

  it('shows a DPO contact once it is confirmed for the centre', () => {
    const { notice } = parseNoticeFile(edited((t) => (t.dpo!.centres = { thira: { email: 'dpo@thira.example' } })), FILE);
    expect(noticeText(notice!, 'full', 'fr', null, '')).toContain('demandez');
    expect(noticeText(notice!, 'full', 'fr', { id: 'thira', municipality: { el: 'Δ', en: 'M' }, name: { el: 'Κ', en: 'C' } } as never, '')).toContain('dpo@thira.example');
  });

  it('reports a missing language, an unknown placeholder, different placeholders and an unknown key, with paths', () => {
    const { issues } = parseNoticeFile(
      edited((t) => {
        delete texts(t).short!.fa;
        texts(t).full!.uk = texts(t).full!.uk!.replace('{{dpo}}', '{{email}}');
        texts(t).special!.fr = `${texts(t).special!.fr} {{centre}}`;
        t.retention!.days = 3;
      }),
      FILE,
    );
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual(
      expect.arrayContaining([
        'texts.short.fa: missing the Farsi (fa) text',
        'retention.days: unknown key',
        expect.stringMatching(/^texts\.full\.uk: unknown placeholder \{\{email\}\}/),
        'texts.special.fr: placeholders differ from the Greek text (none)',
      ]),
    );
    expect(issues.every((i) => i.file === FILE)).toBe(true);
  });

  it('requires a version and a real effective date', () => {
    const { issues } = parseNoticeFile(edited((t) => {
      delete (t as Record<string, unknown>).version;
      (t as Record<string, unknown>).effectiveDate = '2026-13-01';
    }), FILE);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['version', 'effectiveDate']));
    expect(issues.find((i) => i.path === 'version')?.message).toBe('required');
  });

  describe('loaded with the content', () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    });

    it('stops loading with file, path and reason (what `kentro content validate` prints)', async () => {
      dir = mkdtempSync(join(tmpdir(), 'kentro-notice-'));
      const content = join(dir, 'content');
      cpSync(defaultContentDir(), content, { recursive: true });
      writeFileSync(join(content, 'privacy', 'notice.yaml'), edited((t) => (t.dpo!.centres = { atlantis: { phone: '2100000000' } })));
      const error = await loadContent(content).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(ContentError);
      expect((error as ContentError).message).toBe('content/privacy/notice.yaml: dpo.centres.atlantis: unknown centre "atlantis"');
    });
  });
});
