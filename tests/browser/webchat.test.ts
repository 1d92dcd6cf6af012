import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, launchBrowser, serveHtml, type Browser } from '../support/browser.js';
import { listeningApp, type ListeningApp } from '../support/directline.js';

// The callbacks passed to page.waitForFunction / evaluate run in the page; these are the
// browser globals they use (the project's TypeScript has no DOM library).
declare const document: { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
declare function getComputedStyle(element: unknown): { direction: string };
declare const sessionStorage: Record<string, string>;

const SEND_BOX = '[data-id="webchat-sendbox-input"]';
const BUTTON = '.webchat__suggested-action';
const BOT_BUBBLE = '.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';
const USER_BUBBLE = '.webchat__bubble--from-user .webchat__bubble__content';
const ARABIC = /[\u0600-\u06ff]/;

/**
 * The official Web Chat client (served by us, no CDN) on the demo page, in Debian's chromium:
 * the citizen's story from the first button to a reload.
 */
describe.skipIf(!browserAvailable())('web chat in a browser', () => {
  let server: ListeningApp;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await listeningApp('sqlite');
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function pressButton(title: string): Promise<void> {
    const button = page.locator(BUTTON, { hasText: title }).last();
    await button.waitFor({ state: 'visible' });
    await button.click();
  }

  async function lastBotText(): Promise<string> {
    return (await page.locator(BOT_BUBBLE).last().textContent()) ?? '';
  }

  it('picks Ελληνικά, switches to العربية, gets right-to-left replies, and keeps the history after a reload', async () => {
    await page.goto(`${server.url}/`);
    expect(await page.title()).toContain('Κέντρο Κοινότητας');

    // The demo page opens the chat; the bot greets in every language and asks to pick one.
    await page.locator(SEND_BOX).waitFor({ state: 'visible', timeout: 20_000 });
    await pressButton('Ελληνικά');
    await page.locator(USER_BUBBLE, { hasText: 'Ελληνικά' }).waitFor();
    await page.locator(BUTTON, { hasText: 'Γλώσσα' }).waitFor();
    expect(await page.locator(BOT_BUBBLE).last().evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    await pressButton('Γλώσσα');
    await pressButton('العربية');

    // The reply comes in Arabic, and Web Chat follows: locale ar-SA, right-to-left.
    await page.waitForFunction(
      (selector) => {
        const bubbles = document.querySelectorAll(selector);
        const last = bubbles[bubbles.length - 1];
        return !!last && /[\u0600-\u06ff]/.test(last.textContent ?? '') && getComputedStyle(last).direction === 'rtl';
      },
      BOT_BUBBLE,
      { timeout: 10_000 },
    );
    expect(await lastBotText()).toMatch(ARABIC);
    expect(await page.locator('#kentro-wc-panel').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('#kentro-wc-panel [dir="rtl"]').count()).toBeGreaterThan(0);

    // A button in Arabic works too, and its answer is laid out right-to-left.
    const arabicButtons = page.locator(BUTTON);
    const count = await arabicButtons.count();
    expect(count).toBeGreaterThan(2);
    const hoursTitle = (await arabicButtons.nth(2).textContent())!.trim();
    expect(hoursTitle).toMatch(ARABIC);
    const before = await page.locator(BOT_BUBBLE).count();
    await arabicButtons.nth(2).click();
    await page.locator(USER_BUBBLE, { hasText: hoursTitle }).waitFor();
    await page.waitForFunction(([selector, n]) => document.querySelectorAll(selector as string).length > (n as number), [BOT_BUBBLE, before] as const);
    const direction = await page.locator(BOT_BUBBLE).last().evaluate((el) => getComputedStyle(el).direction);
    expect(direction).toBe('rtl');
    expect(await page.getByText('Send failed').count()).toBe(0);

    // Reload: the same conversation comes back with its history, still right-to-left.
    const conversationBefore = await page.evaluate(() => Object.values(sessionStorage).join(''));
    const userMessages = await page.locator(USER_BUBBLE).allTextContents();
    await page.reload();
    await page.locator(USER_BUBBLE, { hasText: hoursTitle }).waitFor({ timeout: 20_000 });
    expect(await page.locator(USER_BUBBLE).allTextContents()).toEqual(userMessages);
    await page.waitForFunction((selector) => {
      const bubbles = document.querySelectorAll(selector);
      const last = bubbles[bubbles.length - 1];
      return !!last && getComputedStyle(last).direction === 'rtl';
    }, BOT_BUBBLE);
    const conversationAfter = await page.evaluate(() => Object.values(sessionStorage).join(''));
    expect(JSON.parse(conversationAfter).conversationId).toBe(JSON.parse(conversationBefore).conversationId);
    expect(await server.db.prisma.conversation.count()).toBe(1);

    // Typing still works after the reload.
    await page.locator(SEND_BOX).fill('القائمة');
    await page.locator(SEND_BOX).press('Enter');
    await page.locator(USER_BUBBLE, { hasText: 'القائمة' }).waitFor();
    expect(errors).toEqual([]);
  }, 120_000);

  it('the one-tag embed on another municipality’s site: launcher, Farsi strings, right-to-left', async () => {
    // Another origin (its own port) serving nothing but the embed tag; the chat comes from our
    // server, so every Direct Line call is cross-origin (CORS).
    const site = await serveHtml(`<!doctype html><html lang="el"><head><title>Δήμος Σάμου</title></head><body><h1>Δήμος Σάμου</h1>
      <script src="${server.url}/webchat.js" data-centre="samos" data-locale="fa" async></script></body></html>`);
    const other = await browser.context.newPage();
    const otherErrors: string[] = [];
    other.on('pageerror', (err) => otherErrors.push(err.message));
    await other.goto(site.url);

    const launcher = other.locator('.kentro-wc-launcher');
    await launcher.waitFor();
    expect(await launcher.textContent()).toContain('گفتگو');
    await launcher.click();

    await other.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });
    expect(await other.locator(BOT_BUBBLE).first().textContent()).toMatch(ARABIC);
    expect(await other.locator(BOT_BUBBLE).first().evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await other.locator(SEND_BOX).getAttribute('placeholder')).toBe('پیام خود را بنویسید');
    const conversation = await server.db.prisma.conversation.findFirstOrThrow({ where: { centreId: 'samos' } });
    expect(conversation.language).toBe('fa');

    // Escape closes the panel and gives the focus back to the launcher.
    await other.locator(SEND_BOX).press('Escape');
    expect(await other.locator('#kentro-wc-panel').isHidden()).toBe(true);
    expect(otherErrors).toEqual([]);
    await other.close();
    await site.close();
  }, 60_000);

  it('any site can use the official client directly: a token from tokens/generate, polling instead of a WebSocket', async () => {
    const site = await serveHtml(`<!doctype html><html><body><div id="chat" style="height:600px"></div>
      <script src="${server.url}/vendor/botframework-webchat.js"></script>
      <script>
        fetch('${server.url}/v3/directline/tokens/generate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"centre":"thira","locale":"en"}' })
          .then((res) => res.json())
          .then(({ token }) => {
            const directLine = WebChat.createDirectLine({ domain: '${server.url}/v3/directline', token, webSocket: false, pollingInterval: 200 });
            WebChat.renderWebChat({ directLine }, document.getElementById('chat'));
          });
      </script></body></html>`);
    const other = await browser.context.newPage();
    let polls = 0;
    other.on('request', (req) => {
      if (req.url().includes('/activities?watermark=')) polls += 1;
    });
    await other.goto(site.url);
    const hours = other.locator(BUTTON).nth(2);
    await hours.waitFor({ timeout: 20_000 });
    const title = (await hours.textContent())!.trim();
    await hours.click();
    await other.locator(USER_BUBBLE, { hasText: title }).waitFor();
    await other.waitForFunction(([selector]) => document.querySelectorAll(selector as string).length >= 3, [BOT_BUBBLE] as const);
    // The client keeps polling; on a loaded machine the replies may come before its third poll.
    await expect.poll(() => polls, { timeout: 20_000 }).toBeGreaterThan(2);
    expect(polls).toBeGreaterThan(2);
    expect(await other.getByText('Send failed').count()).toBe(0);
    await other.close();
    await site.close();
  }, 60_000);
});
