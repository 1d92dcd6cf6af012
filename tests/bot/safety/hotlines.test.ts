import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError, defaultContentDir } from '../../../src/content/load.js';
import { HOTLINES_FILE, hotlinesFor, loadHotlines, parseHotlines } from '../../../src/bot/safety/hotlines.js';

const shipped = readFileSync(join(defaultContentDir(), HOTLINES_FILE), 'utf8');
const numbers = (lines: { number: string }[]) => lines.map((h) => h.number).sort();

describe('content/hotlines.yaml', () => {
  it('loads and gives each danger the numbers of the domain notes (§14)', async () => {
    const hotlines = await loadHotlines();
    expect(hotlines.callNow.number).toBe('112');
    expect(numbers(hotlinesFor(hotlines, ['violence']))).toEqual(['100', '112', '15900', '197']);
    expect(numbers(hotlinesFor(hotlines, ['suicide']))).toEqual(['1018', '10306', '112', '166']);
    expect(numbers(hotlinesFor(hotlines, ['child']))).toEqual(['100', '1056', '112', '116111']);
    expect(numbers(hotlinesFor(hotlines, ['medical']))).toEqual(['112', '166']);
    expect(numbers(hotlinesFor(hotlines, ['emergency']))).toEqual(['112']);
    for (const h of hotlines.all) {
      expect(h.purpose.el).not.toBe('');
      expect(h.purpose.en).not.toBe('');
      expect(h.hours).toBe('24/7');
      expect(h.source).toContain('§14');
    }
  });

  it('never publishes 1107 (unconfirmed)', () => {
    expect(shipped).not.toMatch(/number:\s*"1107"/);
    const { issues } = parseHotlines(shipped.replace('number: "197"', 'number: "1107"'), 'content/hotlines.yaml');
    expect(issues).toEqual([expect.objectContaining({ path: 'hotlines[7].number', message: expect.stringContaining('1107') })]);
  });
});

describe('a broken hotlines file', () => {
  const check = (text: string) => parseHotlines(text, 'content/hotlines.yaml').issues.map((i) => `${i.path}: ${i.message}`);

  it('names the path and the reason of each problem, with the line', () => {
    const { issues } = parseHotlines(shipped.replace('number: "15900"', 'number: "SOS"'), 'content/hotlines.yaml');
    expect(issues).toEqual([{ file: 'content/hotlines.yaml', path: 'hotlines[3].number', line: expect.any(Number), message: 'expected 3 to 6 digits, quoted' }]);
    expect(issues[0]!.line).toBe(shipped.split('\n').findIndex((l) => l.includes('"15900"')) + 1);
  });

  it('rejects unknown keys and categories, duplicates, a missing purpose and an unknown callNow', () => {
    expect(check(shipped.replace('    hours: 24/7\n    categories: [child]\n', '    hours: 24/7\n    categories: [child, fire]\n    colour: red\n'))).toEqual([
      'hotlines[4].categories[1]: expected one of violence, suicide, child, medical, emergency',
      'hotlines[4].colour: unknown key',
    ]);
    expect(check(shipped.replace('number: "1056"', 'number: "100"'))).toEqual([expect.stringMatching(/^hotlines\[6\]\.number: duplicate number 100/)]);
    expect(check(shipped.replace('      en: EKAB ambulance\n', ''))).toEqual(['hotlines[2].purpose.en: required']);
    expect(check(shipped.replace('callNow: emergency', 'callNow: sos'))).toEqual(['callNow: no hotline with id "sos"']);
  });

  it('rejects a file that leaves a danger without any number', () => {
    const noMedical = shipped.replace('categories: [medical, suicide]', 'categories: [suicide]').replace('categories: [violence, suicide, child, medical, emergency]', 'categories: [violence, suicide, child, emergency]');
    expect(check(noMedical)).toEqual(['hotlines: no hotline serves the category "medical"']);
  });

  it('reports YAML syntax errors and an empty file', () => {
    expect(check('hotlines: [')[0]).toMatch(/^: YAML syntax error at line 1/);
    expect(check('')).toEqual([': the file is empty']);
  });

  describe('loaded from a folder', () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    });

    it('throws a ContentError naming the file', async () => {
      dir = mkdtempSync(join(tmpdir(), 'kentro-hotlines-'));
      cpSync(defaultContentDir(), dir, { recursive: true });
      writeFileSync(join(dir, HOTLINES_FILE), shipped.replace('hours: 24/7', 'hours: always'));
      const err = await loadHotlines(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ContentError);
      expect((err as ContentError).message).toMatch(/hotlines\.yaml: hotlines\[0\]\.hours: expected "24\/7" or "HH:MM-HH:MM"$/);
      rmSync(join(dir, HOTLINES_FILE));
      await expect(loadHotlines(dir)).rejects.toThrow(/hotlines\.yaml: cannot read the file: ENOENT/);
    });
  });
});
