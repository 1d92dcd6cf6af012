import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { translator } from '../../src/i18n/index.js';
import { runKentro } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kentro-chat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATABASE_URL: `file:${join(dir, 'k.db')}` };

describe('kentro chat, scripted', () => {
  it('prints the bot replies for each line and exits at end of input', async () => {
    const result = await runKentro(['chat', '--centre', 'thira'], env, 'asdf\n1\n3\n1\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const el = translator('el');
    // Buttons become numbered options; the numbers choose them.
    expect(result.stdout).toContain('1. Ελληνικά\n2. English\n3. العربية');
    expect(result.stdout).toContain(el('common:notUnderstood'));
    expect(result.stdout).toContain(el('welcome:disclosure', { centre: 'Κέντρο Κοινότητας Δήμου Θήρας' }));
    expect(result.stdout).toContain(el('centre:topicPrompt'));
    expect(result.stdout).toContain('08:00–15:30');
  });

  it('understands a greeting in place of the language button', async () => {
    const result = await runKentro(['chat', '--centre', 'thira'], env, 'hello\n1\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(translator('en')('welcome:disclosure', { centre: 'Community Centre of the Municipality of Thira' }));
  });

  it('starts in the language given with --lang', async () => {
    const result = await runKentro(['chat', '--centre', 'samos', '--lang', 'fa'], env, '۳\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(translator('fa')('menu:prompt'));
    expect(result.stdout).toContain(translator('fa')('centre:topicPrompt'));
  });

  it('refuses an unknown centre with one line', async () => {
    const result = await runKentro(['chat', '--centre', 'atlantis'], env, '');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^kentro: Unknown centre "atlantis"; one of: /);
  });
});
