// Takes the README's picture of the inbox reports page (docs/img/reports.png): kentro on a
// scratch SQLite database with the demo centres of content/ and a seeded month (the reports
// tests' March 2026 at Thira), an administrator logged in, in Debian's headless chromium
// (tests/support/browser.ts; CHROMIUM_PATH overrides /usr/bin/chromium).
//
//   npx tsx scripts/screenshot-reports.ts [--out docs/img/reports.png]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnv } from '../src/config/env.js';
import { projectPath } from '../src/config/paths.js';
import { defaultContentDir, loadContent } from '../src/content/load.js';
import { openDb, type Db } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { syncContent } from '../src/db/sync-content.js';
import { buildApp } from '../src/server/app.js';
import { createStaff } from '../src/staff-api/staff.js';
import { launchBrowserContexts } from '../tests/support/browser.js';
import { MONTH, seedMonth } from '../tests/reports/seed.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: projectPath('docs', 'img', 'reports.png') } } });
const out = resolve(values.out!);
const EMAIL = 'eleni@thira.example.gr';
const PASSWORD = 'a long passphrase for the screenshot';

/**
 * More of March 2026 at Thira than the tests' few rows (whose counts are mostly under 5, so
 * shown as "<5"): 60 conversations over the month with their messages, handoffs and staff
 * replies, eligibility checks, appointments and referrals. Deterministic (a fixed LCG).
 */
async function busierMonth({ prisma }: Db, staffId: string): Promise<void> {
  let seed = 20260301;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(weighted: readonly (readonly [T, number])[]): T => {
    let r = random() * weighted.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of weighted) if ((r -= w) < 0) return value;
    return weighted[0]![0];
  };
  for (const channel of ['telegram', 'viber']) {
    await prisma.inbox.upsert({ where: { id: `${channel}-thira` }, create: { id: `${channel}-thira`, centreId: 'thira', channel, name: `Θήρα · ${channel}` }, update: {} });
  }
  const channels = [['webchat-thira', 5], ['telegram-thira', 3], ['viber-thira', 4], ['terminal-thira', 1]] as const;
  const languages = [['el', 10], ['ar', 3], ['en', 3], ['fa', 2], ['uk', 2], ['fr', 1]] as const;
  const intents = [['gmi_info', 9], ['centre_hours', 8], ['appointment_book', 7], ['child_benefit', 5], ['housing_benefit', 4], ['food_aid', 4], ['social_electricity_tariff', 3], ['healthcare_uninsured', 3], ['human_handoff', 3], ['None', 4]] as const;
  // Weekdays of March 2026 (Athens), 09:00–14:00 local; UTC+2 until the 29th.
  const days = Array.from({ length: 31 }, (_, i) => i + 1).filter((d) => ![1, 7, 8, 14, 15, 21, 22, 25, 28, 29].includes(d));
  const when = (day: number, minute: number): Date => new Date(Date.UTC(2026, 2, day, (day >= 30 ? 6 : 7) + Math.floor(minute / 60), minute % 60));
  const audit = (action: string, entityId: string, at: Date, details: Record<string, string>) =>
    prisma.auditLog.create({ data: { centreId: 'thira', actorType: 'system', action, entityType: 'Conversation', entityId, details: JSON.stringify(details), createdAt: at } });
  const services = await prisma.serviceDirectoryEntry.findMany({ where: { centreId: 'thira', key: { in: ['social_service', 'kep', 'dypa', 'hospital'] } }, select: { id: true } });
  for (let i = 0; i < 60; i++) {
    const day = days[Math.floor(random() * days.length)]!;
    const start = Math.floor(random() * 240);
    const returning = random() < 0.3;
    const contact = await prisma.contact.create({ data: { centreId: 'thira', createdAt: returning ? new Date('2026-01-15T10:00:00Z') : when(day, start) } });
    const inboxId = pick(channels);
    const ci = await prisma.contactInbox.create({ data: { contactId: contact.id, inboxId, sourceId: `busy-${i}` } });
    const c = await prisma.conversation.create({ data: { inboxId, contactId: contact.id, contactInboxId: ci.id, centreId: 'thira', language: pick(languages) } });
    let seq = 0;
    const said = 1 + Math.floor(random() * 3);
    for (let m = 0; m < said; m++) {
      const intent = pick(intents);
      const at = when(day, start + m * 2);
      await prisma.message.create({ data: { conversationId: c.id, inboxId, seq: ++seq, type: 'incoming', senderType: 'contact', text: 'seed', createdAt: at, intent, intentScore: intent === 'None' ? 0.3 : 0.6 + random() * 0.4 } });
      await prisma.message.create({ data: { conversationId: c.id, inboxId, seq: ++seq, type: 'outgoing', senderType: 'bot', text: 'reply', createdAt: at } });
    }
    if (random() < 0.45) {
      const reason = pick([['citizen', 6], ['fallback', 3], ['emergency', 1]] as const);
      const queued = when(day, start + 10);
      await audit('conversation.queue', c.id, queued, { reason });
      if (reason === 'emergency') await audit('conversation.urgent', c.id, queued, {});
      if (random() < 0.9) {
        const reply = new Date(queued.getTime() + (5 + Math.floor(random() * 90)) * 60_000);
        await prisma.message.create({ data: { conversationId: c.id, inboxId, seq: ++seq, type: 'outgoing', senderType: 'staff', staffId, text: 'staff', createdAt: reply } });
      }
    }
    if (random() < 0.35) {
      const [programme, result] = pick([[['gmi', 'likely_eligible'], 4], [['gmi', 'likely_not_eligible'], 2], [['child_benefit', 'likely_eligible'], 3], [['housing_benefit', 'unknown'], 1]] as const);
      await audit('eligibility.result', c.id, when(day, start + 5), { programme, result, turn: `busy-${i}` });
    }
    if (random() < 0.3) await prisma.referral.create({ data: { centreId: 'thira', contactId: contact.id, serviceId: services[Math.floor(random() * services.length)]!.id, createdAt: when(day, start + 20) } });
  }
  // Appointments due in March: made a few days before, most attended.
  for (let i = 0; i < 24; i++) {
    const day = days[i % days.length]!;
    const startsAt = when(day, 30 * (i % 8));
    const status = pick([['attended', 7], ['no_show', 2], ['cancelled', 2]] as const);
    await prisma.appointment.create({ data: { centreId: 'thira', startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), seat: status === 'cancelled' ? null : 2, status, createdAt: new Date(startsAt.getTime() - 4 * 86_400_000) } });
  }
}

const dir = mkdtempSync(join(tmpdir(), 'kentro-screenshot-'));
const url = `file:${join(dir, 'kentro.db')}`;
const db = await openDb(url);
const content = await loadContent(defaultContentDir());
await migrate(db);
await syncContent(db.prisma, content);
await seedMonth(db);
const admin = await createStaff(db.prisma, { email: EMAIL, name: 'Ελένη Παπαδάκη', role: 'admin', centreId: 'thira' }, PASSWORD);
await busierMonth(db, admin.id);

const env = loadEnv({ DATABASE_URL: url, LOG_LEVEL: 'warn', NLU_RETRAIN: 'off', KENTRO_SECRET: 'screenshot-secret-0123456789abcdef-0123456789' }, '/nonexistent/.env');
const app = await buildApp({ env, db, content });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const browser = await launchBrowserContexts();
try {
  const context = await browser.newContext({ locale: 'el-GR', timezoneId: 'Europe/Athens', viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/inbox`);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Κωδικός').fill(PASSWORD);
  await page.getByLabel('Κωδικός').press('Enter');
  await page.getByRole('button', { name: 'Αποσύνδεση' }).waitFor();
  await page.getByRole('link', { name: 'Αναφορές' }).click();
  await page.getByRole('heading', { name: /Μηνιαία αναφορά/ }).waitFor();
  await page.getByLabel('Μήνας').fill(MONTH);
  await page.getByRole('img', { name: 'Συνομιλίες ανά κανάλι' }).waitFor();
  await page.getByRole('img', { name: 'Ραντεβού' }).waitFor();
  await page.getByRole('row', { name: /^Παραδόσεις σε εργαζόμενο/ }).first().waitFor();
  await page.getByLabel('Μήνας').blur();
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await app.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
