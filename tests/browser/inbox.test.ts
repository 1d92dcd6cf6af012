import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createStaff } from '../../src/staff-api/staff.js';
import { browserAvailable, launchBrowserContexts, type MultiBrowser } from '../support/browser.js';
import { eventually } from '../support/channel-app.js';
import { DirectLine, listeningApp, type ListeningApp } from '../support/directline.js';

// The callbacks given to evaluate / waitForFunction run in the page (the project's TypeScript has no DOM library).
declare const document: { activeElement: { id: string } | null; querySelectorAll(selector: string): ArrayLike<unknown> };
declare const axe: {
  run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }>;
};

// Web Chat's selectors (see webchat.test.ts).
const SEND_BOX = '[data-id="webchat-sendbox-input"]';
const BUTTON = '.webchat__suggested-action';
const BOT_BUBBLE = '.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';
const USER_BUBBLE = '.webchat__bubble--from-user .webchat__bubble__content';

const EMAIL = 'maria@thira.gov.gr';
const PASSWORD = 'a long passphrase for the inbox';

/** KENTRO_SCREENSHOTS=docs writes the README's pictures (docs/inbox.png, docs/inbox-phone.png). */
const SCREENSHOTS = process.env.KENTRO_SCREENSHOTS;

/**
 * The handoff story in two browsers: a citizen in the web chat (Arabic) asks for a person; a
 * social worker logged in to the inbox sees it arrive live, claims it, answers with a canned
 * response that reaches the citizen in Arabic, hands back, and the bot answers again.
 */
describe.skipIf(!browserAvailable())('the staff inbox in a browser', () => {
  let server: ListeningApp;
  let browser: MultiBrowser;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await listeningApp('sqlite');
    await createStaff(server.db.prisma, { email: EMAIL, name: 'Μαρία Παπαδάκη', role: 'worker', centreId: 'thira' }, PASSWORD);
    browser = await launchBrowserContexts();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** What the pre-intake and booking flows store, for the citizen of the Arabic conversation. */
  async function seedIntakeAndAppointment(): Promise<void> {
    const { prisma } = server.db;
    const c = await prisma.conversation.findFirstOrThrow({ where: { language: 'ar' } });
    const answers = { name: 'Amina', adults: 2, children: 3, needs: ['housing', 'food'], vulnerable: ['refugee'], interpreter: 'ar', contactTime: 'morning' };
    await prisma.contact.update({ where: { id: c.contactId }, data: { name: 'Amina' } });
    await prisma.case.create({
      data: { contactId: c.contactId, centreId: 'thira', conversationId: c.id, status: 'new', needs: 'housing,food', intake: JSON.stringify({ v: 1, answers, language: 'ar', channel: 'webchat', updatedAt: new Date().toISOString() }) },
    });
    const startsAt = new Date(Date.now() + 2 * 24 * 3600_000);
    await prisma.appointment.create({
      data: { centreId: 'thira', contactId: c.contactId, conversationId: c.id, startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), seat: 0, status: 'booked', reason: 'Ελάχιστο Εγγυημένο Εισόδημα', language: 'ar' },
    });
  }

  /** Serious and critical WCAG 2 A/AA violations on the page, as "rule: elements". */
  async function axeViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'], runOnly: ['wcag2a', 'wcag2aa'] }));
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  function watch(page: Page, who: string): void {
    page.on('pageerror', (err) => errors.push(`${who}: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/.test(msg.text())) errors.push(`${who}: ${msg.text()}`);
    });
  }

  async function press(page: Page, title: string): Promise<void> {
    const button = page.locator(BUTTON, { hasText: title }).last();
    await button.waitFor({ state: 'visible', timeout: 20_000 });
    await button.click();
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.locator(SEND_BOX).fill(text);
    await page.locator(SEND_BOX).press('Enter');
    await page.locator(USER_BUBBLE, { hasText: text }).last().waitFor();
  }

  it('a citizen asks for a person in Arabic; staff claim, answer with a canned response, hand back; the bot answers again', async () => {
    // The social worker logs in first and waits: the conversation must arrive without a reload.
    const staffContext = await browser.newContext({ locale: 'el-GR', timezoneId: 'Europe/Athens' });
    const staff = await staffContext.newPage();
    watch(staff, 'inbox');
    await staff.goto(`${server.url}/inbox`);
    // Keyboard: the email field has the focus, Tab leads to the password, then the button.
    await staff.getByLabel('Email').waitFor();
    expect(await staff.evaluate(() => document.activeElement?.id)).toBe('login-email');
    await staff.keyboard.press('Tab');
    expect(await staff.evaluate(() => document.activeElement?.id)).toBe('login-password');
    await staff.getByLabel('Email').fill(EMAIL);
    await staff.getByLabel('Κωδικός').fill('wrong password!');
    await staff.getByLabel('Κωδικός').press('Enter');
    await staff.getByRole('alert').filter({ hasText: 'Λάθος email ή κωδικός' }).waitFor();
    await staff.getByLabel('Κωδικός').fill(PASSWORD);
    await staff.getByRole('button', { name: 'Σύνδεση' }).click();
    await staff.locator('.queue-tab[data-queue="pending"][aria-pressed="true"]').waitFor();
    await staff.locator('.live-live').waitFor({ timeout: 20_000 });
    expect(await staff.locator('.conversation-item').count()).toBe(0);

    // The citizen, on the municipality's page, picks Arabic and asks for a person.
    const citizenContext = await browser.newContext({ viewport: { width: 480, height: 860 } });
    const citizen = await citizenContext.newPage();
    watch(citizen, 'web chat');
    await citizen.goto(`${server.url}/`);
    await citizen.locator(SEND_BOX).waitFor({ state: 'visible', timeout: 20_000 });
    await press(citizen, 'العربية');
    await press(citizen, 'التحدث مع شخص');
    // In or out of opening hours, the answer promises a social worker.
    await citizen.locator(BOT_BUBBLE, { hasText: 'أخصائية اجتماعية' }).first().waitFor({ timeout: 20_000 });

    // It appears live in the staff member's queue: Arabic, web chat, waiting.
    const item = staff.locator('.conversation-item').first();
    await item.waitFor({ timeout: 20_000 });
    await seedIntakeAndAppointment();
    expect(await item.textContent()).toContain('Αραβικά');
    expect(await item.textContent()).toContain('Web chat');
    expect(await staff.locator('.queue-tab[data-queue="pending"] .count').textContent()).toBe('1');
    await item.locator('a').click();
    await staff.locator('#conversation-title').waitFor();
    // Focus moves to the heading just after it renders (an effect): wait for it, up to 5 s.
    await staff.waitForFunction(() => document.activeElement?.id === 'conversation-title', undefined, { timeout: 5_000 });
    // The pre-intake and the appointment, in Greek words.
    const intake = staff.locator('.intake');
    await intake.waitFor();
    expect(await intake.textContent()).toContain('Στέγαση, Τρόφιμα');
    expect(await intake.textContent()).toContain('Πρόσφυγας');
    expect(await staff.locator('.appointments li').count()).toBe(1);
    // A referral to a service of the centre's directory, then its progress.
    const services = staff.getByLabel('Παραπομπή σε υπηρεσία');
    await services.locator('option').nth(1).waitFor({ state: 'attached' });
    await services.selectOption({ index: 1 });
    await staff.getByLabel('Σημείωση παραπομπής (προαιρετική)').fill('Για τρόφιμα και ρούχα');
    await staff.getByRole('button', { name: 'Καταχώριση παραπομπής' }).click();
    const referral = staff.locator('.referrals li', { hasText: 'Για τρόφιμα και ρούχα' });
    await referral.waitFor();
    await referral.locator('select').selectOption('sent');
    await eventually(async () => (await server.db.prisma.referral.findFirst())?.status === 'sent', 10_000, 'the referral marked sent');
    // What the bot said in Arabic is laid out right to left.
    await staff.locator('.message-text[dir="rtl"]', { hasText: 'أخصائية اجتماعية' }).first().waitFor();

    // Claim: the conversation opens, and the citizen is told a person is reading.
    await staff.getByRole('button', { name: 'Ανάληψη' }).click();
    await staff.locator('.conversation[data-status="open"]').waitFor();
    await citizen.locator(BOT_BUBBLE, { hasText: 'تقرأ رسائلك الآن' }).waitFor({ timeout: 20_000 });

    // Free Greek text to an Arabic speaker: the inbox suggests canned responses instead.
    const reply = staff.getByLabel('Απάντηση', { exact: true });
    await reply.fill('Καλημέρα σας');
    await staff.locator('.free-text-notice').waitFor();
    await staff.locator('.canned > summary').click();
    const documents = staff.locator('.canned-option[data-canned="documents"]');
    expect(await documents.locator('.canned-theirs').getAttribute('dir')).toBe('rtl');
    await documents.click();
    expect(await staff.locator('.free-text-notice').count()).toBe(0);
    expect(await staff.locator('.canned-preview').textContent()).toContain('أحضر بطاقة الهوية');
    expect(await reply.evaluate((el) => el === (document.activeElement as unknown))).toBe(true);
    await reply.press('Enter'); // Enter sends

    // The citizen receives it in Arabic; staff see the Arabic text and the Greek they picked.
    await citizen.locator(BOT_BUBBLE, { hasText: 'أحضر بطاقة الهوية' }).waitFor({ timeout: 20_000 });
    const sent = staff.locator('.message-outgoing.sender-staff').last();
    await sent.locator('.message-text[dir="rtl"]', { hasText: 'أحضر بطاقة الهوية' }).waitFor();
    expect(await sent.locator('.message-original').textContent()).toContain('Φέρτε μαζί σας');

    // The citizen answers; it reaches the inbox live, and the bot stays quiet.
    const botBubbles = await citizen.locator(BOT_BUBBLE).count();
    await say(citizen, 'شكرا، سأحضرها');
    await staff.locator('.message-incoming .message-text[dir="rtl"]', { hasText: 'سأحضرها' }).waitFor({ timeout: 20_000 });
    // An internal note stays in the inbox.
    await staff.getByLabel('Εσωτερική σημείωση (δεν τη βλέπει ο πολίτης)').check();
    await staff.getByLabel('Εσωτερική σημείωση', { exact: true }).fill('Θα φέρει τα χαρτιά την Τρίτη.');
    await staff.getByRole('button', { name: 'Αποθήκευση σημείωσης' }).click();
    await staff.locator('.message-note', { hasText: 'Θα φέρει τα χαρτιά' }).waitFor();
    expect(await citizen.locator(BOT_BUBBLE).count()).toBe(botBubbles);

    // Meanwhile a Farsi speaker in danger writes: the conversation comes in urgent, first in the
    // queue, with a notice that needs no sound.
    const directLine = new DirectLine(server.url);
    const farsi = await directLine.start({ centre: 'thira', locale: 'fa' });
    expect((await directLine.post(farsi, { text: 'شوهرم منو میزنه' })).status).toBeLessThan(300);
    const banner = staff.locator('.urgent-banner[role="alert"]');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toContain('Επείγον');
    expect(await staff.title()).toMatch(/^\(1\) ⚠/);
    await staff.locator('.queue-tab[data-queue="pending"]').click();
    const urgent = staff.locator('.conversation-item.urgent');
    expect(await urgent.textContent()).toContain('Φαρσί');
    expect(await urgent.locator('.preview').getAttribute('dir')).toBe('rtl');

    if (SCREENSHOTS) await staff.screenshot({ path: join(SCREENSHOTS, 'inbox.png') });

    // What looks like markup is shown as the text it is.
    await say(citizen, 'مرحبا <img src=x onerror=alert(1)>');
    const markup = staff.locator('.message-incoming .message-text', { hasText: 'onerror' });
    await markup.waitFor({ timeout: 20_000 });
    expect(await markup.textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await staff.locator('.transcript img').count()).toBe(0);

    // Hand back: the citizen is told, writes again, and the bot answers (the menu, in Arabic).
    await staff.getByRole('button', { name: 'Επιστροφή στον βοηθό' }).click();
    await staff.locator('.conversation[data-status="bot"]').waitFor();
    await citizen.locator(BOT_BUBBLE, { hasText: 'المساعد الآلي مرة أخرى' }).waitFor({ timeout: 20_000 });
    const afterHandback = await citizen.locator(BOT_BUBBLE).count();
    await say(citizen, 'القائمة');
    await citizen.waitForFunction(([selector, n]) => document.querySelectorAll(selector as string).length > (n as number), [BOT_BUBBLE, afterHandback] as const, { timeout: 20_000 });
    expect(await citizen.locator(BOT_BUBBLE).last().textContent()).toMatch(/[\u0600-\u06ff]/);
    await staff.locator('.queue-tab[data-queue="open"] .count', { hasText: /^0$/ }).waitFor();

    // Staff add their own canned response, with its Arabic translation.
    await staff.locator('.canned > summary').click();
    await staff.locator('.new-canned > summary').click();
    await staff.getByLabel(/Σύντομος κωδικός/).fill('photo');
    await staff.locator('#canned-el').fill('Φέρτε και μια φωτογραφία.');
    await staff.locator('#canned-ar').fill('أحضر صورة أيضًا.');
    await staff.getByRole('button', { name: 'Αποθήκευση έτοιμης απάντησης' }).click();
    await staff.locator('.canned-option[data-canned="photo"] .canned-theirs[dir="rtl"]', { hasText: 'أحضر صورة' }).waitFor();
    await staff.locator('.canned > summary').click();

    // On a phone: one column, the conversation with a way back to the queues.
    await staff.setViewportSize({ width: 390, height: 844 });
    expect(await staff.locator('.queues').isVisible()).toBe(false);
    if (SCREENSHOTS) await staff.screenshot({ path: join(SCREENSHOTS, 'inbox-phone.png') });
    await staff.getByRole('link', { name: /Πίσω στις ουρές/ }).click();
    await staff.locator('.queues').waitFor({ state: 'visible' });

    expect(errors).toEqual([]);
    await staffContext.close();
    await citizenContext.close();
  }, 120_000);

  it('has no serious accessibility problems (axe-core, WCAG 2 A/AA) on the login form and a conversation', async () => {
    // axe is injected as a script tag, which the inbox's CSP rightly refuses: this context ignores it.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    watch(page, 'axe');
    await page.goto(`${server.url}/inbox`);
    await page.getByLabel('Email').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const directLine = new DirectLine(server.url);
    const farsi = await directLine.start({ centre: 'thira', locale: 'fa' });
    await directLine.post(farsi, { text: 'می‌خواهم خودم را بکشم' });
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Κωδικός').fill(PASSWORD);
    await page.getByLabel('Κωδικός').press('Enter');
    await page.locator('.conversation-item.urgent a').first().click({ timeout: 20_000 });
    await page.locator('.transcript .message').first().waitFor();
    await page.locator('.canned > summary').click();
    await page.getByRole('button', { name: 'Αλλαγή κωδικού' }).click();
    expect(await axeViolations(page)).toEqual([]);

    // The password form checks the current password with the API.
    await page.getByLabel('Τωρινός κωδικός').fill('not the password');
    await page.getByLabel('Νέος κωδικός (10 έως 72 χαρακτήρες)').fill('another long passphrase');
    await page.getByLabel('Ο νέος κωδικός ξανά').fill('another long passphrase');
    await page.locator('#account button[type="submit"]').click();
    await page.getByRole('alert').filter({ hasText: 'Ο τωρινός κωδικός δεν είναι σωστός' }).waitFor();
    await context.close();
  }, 60_000);
});
