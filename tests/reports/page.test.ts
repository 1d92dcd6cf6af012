import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createStaff } from '../../src/staff-api/staff.js';
import { browserAvailable, launchBrowserContexts, type MultiBrowser } from '../support/browser.js';
import { channelDatabase, startChannelApp, type ChannelApp } from '../support/channel-app.js';
import type { TestDatabase } from '../support/db.js';
import { MONTH, seedMonth } from './seed.js';

declare const document: unknown;
declare const axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null }[] }> };

const PASSWORD = 'a long passphrase for reports';

/** An administrator opens the reports page, picks March, sees the charts and downloads the CSV. */
describe.skipIf(!browserAvailable())('the reports page of the inbox', () => {
  let database: TestDatabase;
  let kentro: ChannelApp;
  let browser: MultiBrowser;

  beforeAll(async () => {
    database = await channelDatabase('sqlite');
    kentro = await startChannelApp(database, {});
    await seedMonth(kentro.db);
    await createStaff(kentro.db.prisma, { email: 'eleni@thira.gov.gr', name: 'Ελένη', role: 'admin', centreId: 'thira' }, PASSWORD);
    await createStaff(kentro.db.prisma, { email: 'nikos@thira.gov.gr', name: 'Νίκος', role: 'worker', centreId: 'thira' }, PASSWORD);
    browser = await launchBrowserContexts();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await kentro?.close();
    await database?.drop();
  });

  async function login(page: Page, email: string): Promise<void> {
    await page.goto(`${kentro.url}/inbox`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Κωδικός').fill(PASSWORD);
    await page.getByLabel('Κωδικός').press('Enter');
    await page.getByRole('button', { name: 'Αποσύνδεση' }).waitFor();
  }

  it('charts, every figure and the CSV download', async () => {
    // axe is injected as a script tag, which the inbox's CSP rightly refuses: this context ignores it.
    const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await login(page, 'eleni@thira.gov.gr');
    await page.getByRole('link', { name: 'Αναφορές' }).click();
    await page.getByRole('heading', { name: /Μηνιαία αναφορά/ }).waitFor();
    await page.getByLabel('Μήνας').fill(MONTH);
    const channels = page.getByRole('img', { name: 'Συνομιλίες ανά κανάλι' });
    await channels.waitFor();
    expect(await channels.locator('rect').count()).toBe(3);
    await page.getByRole('img', { name: 'Ραντεβού' }).waitFor();
    const handoffs = page.getByRole('row', { name: /^Παραδόσεις σε εργαζόμενο/ });
    await expect.poll(() => handoffs.first().textContent()).toBe('Παραδόσεις σε εργαζόμενο7');
    expect(await page.getByRole('row', { name: /διάμεσος/ }).textContent()).toContain('35');

    // KENTRO_SCREENSHOTS=docs writes docs/reports.png.
    if (process.env.KENTRO_SCREENSHOTS) await page.screenshot({ path: join(process.env.KENTRO_SCREENSHOTS, 'reports.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Λήψη CSV (Excel)' }).click()]);
    expect(download.suggestedFilename()).toBe(`kentro-thira-${MONTH}.csv`);
    const csv = readFileSync((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain(';handoffs.total;7\r\n');

    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'], runOnly: ['wcag2a', 'wcag2aa'] }));
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('a worker has no link to it, and the address alone shows the inbox', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, 'nikos@thira.gov.gr');
    expect(await page.getByRole('link', { name: 'Αναφορές' }).count()).toBe(0);
    await page.goto(`${kentro.url}/inbox#/reports`);
    await page.getByRole('button', { name: 'Αποσύνδεση' }).waitFor();
    expect(await page.getByRole('heading', { name: /Μηνιαία αναφορά/ }).count()).toBe(0);
    await context.close();
  }, 60_000);
});
