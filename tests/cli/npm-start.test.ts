import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../../src/config/paths.js';
import { startKentro } from '../support/cli.js';
import { DirectLine, type Activity } from '../support/directline.js';

const dir = mkdtempSync(join(tmpdir(), 'kentro-npm-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `npm start` is what the README tells a newcomer to run: it compiles the sources into dist/
 * (scripts/build.mjs) and serves from plain JavaScript. The other CLI tests run bin/kentro.js
 * through tsx, so this is the one that catches a source the compiled build cannot run.
 */
describe('npm start', () => {
  it('builds and serves a web chat conversation from the compiled sources, and stops on SIGTERM', { timeout: 120_000 }, async () => {
    const server = await startKentro({ DATABASE_URL: `file:${join(dir, 'kentro.db')}` }, projectPath(), ['npm', 'start', '--silent']);
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const directLine = new DirectLine(server.url);
      const conversation = await directLine.start({ user: { id: 'u' }, centre: 'thira', locale: 'el' });
      expect((await directLine.post(conversation, { text: 'Τι ώρες είστε ανοιχτά;' })).status).toBe(200);
      // Bot messages before and after the question, once the answer is there.
      let before: Activity[] = [];
      let after: Activity[] = [];
      for (let i = 0; i < 100 && after.length === 0; i++) {
        const activities = (await directLine.activities(conversation)).body.activities.filter((a) => a.type === 'message');
        const asked = activities.findIndex((a) => a.from.role === 'user');
        before = activities.slice(0, asked).filter((a) => a.from.role === 'bot');
        after = activities.slice(asked + 1).filter((a) => a.from.role === 'bot');
        if (after.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(before.map((a) => a.text).join('\n')).toContain('αυτόματος βοηθός');
      // The hours question is answered with Thira's opening hours.
      expect(after[0]?.text).toMatch(/Θήρας[\s\S]*Δευτέρα – Παρασκευή: 08:00–15:30/);
    } finally {
      await server.stop('SIGTERM');
    }
  });
});
