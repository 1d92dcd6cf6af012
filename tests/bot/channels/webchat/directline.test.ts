import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../../src/i18n/index.js';
import { SignJWT } from 'jose';
import { DirectLine, Stream, lastButtons, listeningApp, press, type Activity, type ListeningApp } from '../../../support/directline.js';
import { providers } from '../../../support/db.js';

/**
 * The Direct Line 3.0 contract as botframework-directlinejs (inside Web Chat) uses it, against
 * the real app listening on 127.0.0.1: REST over fetch, the stream over a real WebSocket.
 */
describe.each(providers())('Direct Line on %s', (provider) => {
  let server: ListeningApp;
  let dl: DirectLine;

  beforeAll(async () => {
    server = await listeningApp(provider);
    dl = new DirectLine(server.url);
  });
  afterAll(async () => server.close());

  const bot = (activities: Activity[]) => activities.filter((a) => a.type === 'message' && a.from.role === 'bot');
  const seqOf = (a: Activity) => Number(a.id.split('|')[1]);

  describe('starting a conversation', () => {
    it('an Arabic speaker on Thira’s site gets a conversation bound to the centre and is welcomed in Arabic over the stream', async () => {
      const res = await dl.request<{ conversationId: string; token: string; expires_in: number; streamUrl: string }>('POST', '/conversations', {
        body: { user: { id: 'u1' }, centre: 'thira', locale: 'ar-SA' },
      });
      expect(res.status).toBe(201);
      const { conversationId, token, expires_in, streamUrl } = res.body;
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(expires_in).toBe(3600);
      expect(streamUrl).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${conversationId}/stream\\?`));

      const stream = await Stream.open(streamUrl);
      await stream.until((s) => bot(s.activities).length > 0);
      const [update, ...rest] = stream.activities;
      expect(update).toMatchObject({ type: 'conversationUpdate', id: `${conversationId}|0`, membersAdded: [{ role: 'bot' }, { role: 'user' }] });
      expect(rest.every((a) => a.type === 'message' && a.from.id === 'kentro' && a.locale === 'ar')).toBe(true);
      expect(rest[0]!.text).toMatch(/[\u0600-\u06ff]/);
      expect(typeof stream.frames[0]!.watermark).toBe('string');
      expect(stream.watermark).toBe(String(seqOf(rest.at(-1)!)));
      await stream.close();

      const stored = await server.db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
      expect(stored).toMatchObject({ centreId: 'thira', language: 'ar', inboxId: 'webchat-thira' });
    });

    it('without centre or locale the bot asks for the language with buttons in each language’s own script', async () => {
      const c = await dl.start({});
      const { body } = await dl.activities(c);
      const welcome = bot(body.activities);
      expect(lastButtons(welcome).map((b) => b.title)).toEqual(['Ελληνικά', 'English', 'العربية', 'فارسی', 'Українська', 'Français']);
      expect(welcome.at(-1)!.suggestedActions!.actions[0]).toEqual({ type: 'messageBack', title: 'Ελληνικά', text: 'Ελληνικά', displayText: 'Ελληνικά', value: 'lang:el' });
      const stored = await server.db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } });
      expect(stored).toMatchObject({ centreId: null, inboxId: 'webchat' });
    });

    it('an unsupported locale is ignored (the bot asks) and an unknown centre is a 400 problem naming the known ones', async () => {
      const c = await dl.start({ locale: 'de-DE', centre: 'samos' });
      expect(lastButtons(bot((await dl.activities(c)).body.activities))).toHaveLength(6);

      const res = await dl.request<{ type: string; detail: string }>('POST', '/conversations', { body: { centre: 'atlantis' } });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe('urn:kentro:problem:unknown-centre');
      expect(res.body.detail).toContain('thira');
    });

    it('accepts an empty body, and answers malformed JSON with 400', async () => {
      const empty = await dl.request('POST', '/conversations', { rawBody: '', headers: { 'x-forwarded-for': '10.9.9.1' } });
      expect(empty.status).toBe(201);
      const broken = await dl.request<{ type: string }>('POST', '/conversations', { rawBody: '{"centre":', headers: { 'x-forwarded-for': '10.9.9.2' } });
      expect(broken.status).toBe(400);
      expect(broken.body.type).toBe('urn:kentro:problem:invalid-request');
    });

    it('behind an https proxy the stream URL is wss:// on the public host', async () => {
      const res = await dl.request<{ streamUrl: string }>('POST', '/conversations', {
        body: {},
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'chat.thira.gr', 'x-forwarded-for': '10.9.9.3' },
      });
      expect(res.body.streamUrl).toMatch(/^wss:\/\/chat\.thira\.gr\/v3\/directline\/conversations\/[^/]+\/stream\?/);
    });

    it('tokens/generate starts a conversation whose token then opens it with POST /conversations', async () => {
      const gen = await dl.request<{ conversationId: string; token: string; expires_in: number }>('POST', '/tokens/generate', { body: { centre: 'souli', locale: 'uk' } });
      expect(gen.status).toBe(200);
      expect(gen.body.expires_in).toBe(3600);
      const open = await dl.request<{ conversationId: string; streamUrl: string }>('POST', '/conversations', { token: gen.body.token });
      expect(open.status).toBe(200);
      expect(open.body.conversationId).toBe(gen.body.conversationId);
      const stream = await Stream.open(open.body.streamUrl);
      await stream.until((s) => bot(s.activities).length > 0);
      expect(bot(stream.activities)[0]!.locale).toBe('uk');
      await stream.close();
    });

    it('limits new conversations per client address', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) {
        statuses.push((await dl.request('POST', '/tokens/generate', { body: {}, headers: { 'x-forwarded-for': '10.200.0.1' } })).status);
      }
      expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429]);
    });
  });

  describe('talking', () => {
    it('pressing buttons: the echo carries the clientActivityID, a typing indicator comes first, replies follow in order', async () => {
      const c = await dl.start({ centre: 'thira' });
      const stream = await Stream.open(c.streamUrl);
      await stream.until((s) => lastButtons(s.activities).length > 0);
      const greek = lastButtons(stream.activities).find((b) => b.value === 'lang:el')!;
      const sent = press(greek);
      const res = await dl.post(c, sent);
      expect(res.status).toBe(200);
      await stream.until((s) => s.messages.some((a) => a.id === res.body.id));
      await stream.until((s) => lastButtons(s.activities).some((b) => b.value === 'menu:language'));

      const after = stream.activities.slice(stream.activities.findIndex((a) => a.type === 'typing'));
      expect(after[0]!.type).toBe('typing');
      const echo = after.find((a) => a.id === res.body.id)!;
      expect(echo).toMatchObject({ type: 'message', text: 'Ελληνικά', from: { role: 'user' }, channelData: { clientActivityID: (sent.channelData as { clientActivityID: string }).clientActivityID } });
      const seqs = stream.messages.map(seqOf);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(bot(after).every((a) => a.locale === 'el')).toBe(true);
      await stream.close();
    });

    it('changing the language mid-conversation: replies carry the new locale', async () => {
      const c = await dl.start({ centre: 'thira', locale: 'el' });
      await dl.post(c, press({ title: 'Γλώσσα', value: 'menu:language' }));
      await dl.post(c, press({ title: 'العربية', value: 'lang:ar' }));
      const replies = bot((await dl.activities(c)).body.activities);
      expect(replies.at(-1)!.locale).toBe('ar');
      expect(replies.at(-1)!.suggestedActions!.actions.length).toBeGreaterThan(0);
      expect(replies.at(-1)!.text).toMatch(/[\u0600-\u06ff]/);
    });

    it('polling: the watermark is a string, and each poll returns only what came after it', async () => {
      const c = await dl.start({ centre: 'thira', locale: 'en' });
      const first = await dl.activities(c);
      expect(first.status).toBe(200);
      expect(first.body.activities[0]!.type).toBe('conversationUpdate');
      const wm = first.body.watermark;
      expect(wm).toMatch(/^\d+$/);

      const nothing = await dl.activities(c, wm);
      expect(nothing.body).toEqual({ activities: [], watermark: wm });

      const posted = await dl.post(c, { text: 'hours' });
      const next = await dl.activities(c, wm);
      expect(next.body.activities[0]!.id).toBe(posted.body.id);
      expect(next.body.activities.every((a) => seqOf(a) > Number(wm))).toBe(true);
      expect(Number(next.body.watermark)).toBe(seqOf(next.body.activities.at(-1)!));

      const bad = await dl.activities(c, 'abc');
      expect(bad.status).toBe(400);
    });

    it('a socket dropped mid-conversation reconnects after its watermark: nothing lost, nothing twice', async () => {
      const c = await dl.start({ centre: 'samos', locale: 'en' });
      const first = await Stream.open(c.streamUrl);
      await first.until((s) => s.messages.length > 0);
      const wm = first.watermark!;
      first.socket.terminate();

      // Messages while offline: the replies land in the transcript, not on any socket.
      await dl.post(c, { text: 'menu' });
      await dl.post(c, { text: '3' });

      const again = await dl.reconnect(c, wm);
      expect(again.status).toBe(200);
      expect(again.body.conversationId).toBe(c.conversationId);
      expect(again.body.streamUrl).toContain(`watermark=${wm}`);
      const second = await Stream.open(again.body.streamUrl);
      await second.until((s) => s.messages.length > 0);
      const live = await dl.post({ ...c, token: again.body.token }, { text: 'menu' });
      await second.until((s) => s.messages.some((a) => a.id === live.body.id));
      await second.until((s) => (s.watermark ? Number(s.watermark) : 0) >= seqOf(s.messages.at(-1)!));
      await new Promise((r) => setTimeout(r, 200));

      const seen = [...first.messages, ...second.messages].map(seqOf);
      const all = (await dl.activities(c)).body.activities.filter((a) => a.type === 'message').map(seqOf);
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(seen.length);
      await second.close();
    });

    it('a reload reconnects with watermark 0 and replays the whole history', async () => {
      const c = await dl.start({ centre: 'thira', locale: 'fr' });
      await dl.post(c, { text: 'menu' });
      const history = (await dl.activities(c)).body.activities.filter((a) => a.type === 'message');
      const again = await dl.reconnect(c, '0');
      const stream = await Stream.open(again.body.streamUrl);
      await stream.until((s) => s.messages.length >= history.length);
      expect(stream.messages.map((a) => a.id)).toEqual(history.map((a) => a.id));
      expect(stream.activities.some((a) => a.type === 'conversationUpdate')).toBe(false);
      await stream.close();
    });

    it('two tabs on one conversation both see every message once', async () => {
      const c = await dl.start({ centre: 'thira', locale: 'en' });
      const [a, b] = await Promise.all([Stream.open(c.streamUrl), Stream.open((await dl.reconnect(c)).body.streamUrl)]);
      const posted = await dl.post(c, { text: 'menu' });
      for (const s of [a, b]) await s.until((x) => x.messages.some((m) => m.id === posted.body.id) && bot(x.messages).length >= 3);
      expect(a.messages.map((m) => m.id)).toEqual(b.messages.map((m) => m.id));
      await Promise.all([a.close(), b.close()]);
    });

    it('a redelivered message (same clientActivityID) is stored once and answered with the same id', async () => {
      const c = await dl.start({ centre: 'thira', locale: 'en' });
      const activity = { text: 'menu', channelData: { clientActivityID: 'retry-me' } };
      const one = await dl.post(c, activity);
      const two = await dl.post(c, activity);
      expect(two.status).toBe(200);
      expect(two.body.id).toBe(one.body.id);
      expect(await server.db.prisma.message.count({ where: { conversationId: c.conversationId, type: 'incoming' } })).toBe(1);
    });

    it('typing and event activities are accepted and ignored; other types are a 400', async () => {
      const c = await dl.start({ centre: 'thira', locale: 'en' });
      expect((await dl.post(c, { type: 'typing' })).status).toBe(200);
      expect((await dl.post(c, { type: 'event', name: 'webchat/join' })).status).toBe(200);
      const invoke = await dl.post(c, { type: 'invoke' });
      expect(invoke.status).toBe(400);
      expect(invoke.body).toMatchObject({ type: 'urn:kentro:problem:unsupported-activity' });
      expect(await server.db.prisma.message.count({ where: { conversationId: c.conversationId, type: 'incoming' } })).toBe(0);
    });
  });

  describe('tokens', () => {
    it('a token opens only its own conversation: another conversation’s token gets 403 everywhere', async () => {
      const mine = await dl.start({ centre: 'thira' });
      const theirs = await dl.start({ centre: 'thira' });
      const other = { conversationId: theirs.conversationId, token: mine.token };
      for (const res of [await dl.activities(other), await dl.post(other, { text: 'hi' }), await dl.reconnect(other)]) {
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ type: 'urn:kentro:problem:wrong-conversation', status: 403 });
      }
      // Their stream URL with my stream token.
      const mineStream = new URL(mine.streamUrl);
      const forged = new URL(theirs.streamUrl);
      forged.searchParams.set('t', mineStream.searchParams.get('t')!);
      await expect(Stream.open(forged.toString())).rejects.toThrow(/HTTP 403/);
    });

    it('no token is a 401 with WWW-Authenticate; a forged or malformed one a 403', async () => {
      const c = await dl.start({});
      const none = await dl.activities({ ...c, token: '' });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(none.body).toMatchObject({ type: 'urn:kentro:problem:missing-token' });

      const forged = await new SignJWT({ cid: c.conversationId, use: 'conversation' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('kentro')
        .setAudience('kentro:directline')
        .setSubject('dl_someone')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('not-the-server-secret-not-the-server-secret'));
      for (const token of [forged, 'garbage']) {
        const res = await dl.activities({ ...c, token });
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ type: 'urn:kentro:problem:invalid-token' });
      }
    });

    it('a stream token cannot be used as a conversation token', async () => {
      const c = await dl.start({});
      const streamToken = new URL(c.streamUrl).searchParams.get('t')!;
      const res = await dl.activities({ ...c, token: streamToken });
      expect(res.status).toBe(403);
    });

    it('tokens expire (403 expired-token, which Web Chat treats as expired) and a live token refreshes', async () => {
      const c = await dl.start({ centre: 'thira' });
      const claims = await server.app.webchat.tokens.verify(c.token);
      const { token: expired } = await server.app.webchat.tokens.issue(claims, { ttlSeconds: -5 });
      for (const res of [await dl.activities({ ...c, token: expired }), await dl.request('POST', '/tokens/refresh', { token: expired })]) {
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ type: 'urn:kentro:problem:expired-token' });
      }

      const refreshed = await dl.request<{ conversationId: string; token: string; expires_in: number }>('POST', '/tokens/refresh', { token: c.token });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toMatchObject({ conversationId: c.conversationId, expires_in: 3600 });
      expect((await dl.activities({ ...c, token: refreshed.body.token })).status).toBe(200);
    });

    it('a conversation that no longer exists (unknown id, erased on request) is a 404', async () => {
      const { token } = await server.app.webchat.tokens.issue({ conversationId: 'no-such-conversation', userId: 'dl_x' });
      const unknown = await dl.reconnect({ conversationId: 'no-such-conversation', token });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ type: 'urn:kentro:problem:unknown-conversation' });

      const c = await dl.start({ centre: 'thira' });
      const { contactId } = await server.db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } });
      await server.db.prisma.contact.delete({ where: { id: contactId } });
      expect((await dl.post(c, { text: 'hello?' })).status).toBe(404);
      expect((await dl.activities(c)).status).toBe(404);
    });
  });

  describe('bad input loses nothing', () => {
    it('text over 4,000 characters: 400 problem, the polite reply still reaches the stream, the history stays', async () => {
      const c = await dl.start({ centre: 'thira', locale: 'el' });
      const stream = await Stream.open(c.streamUrl);
      await stream.until((s) => s.messages.length > 0);
      const before = stream.messages.length;
      const res = await dl.post(c, { text: 'α'.repeat(4001) });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'urn:kentro:problem:text-too-long', status: 400, maxLength: 4000 });
      await stream.until((s) => s.messages.length > before);
      expect(bot(stream.messages).at(-1)!.text).toContain('4000');
      // Exactly at the limit is fine, and the conversation goes on.
      expect((await dl.post(c, { text: 'α'.repeat(4000) })).status).toBe(200);
      const all = (await dl.activities(c)).body.activities.filter((a) => a.type === 'message').map(seqOf);
      expect(all).toEqual(all.map((_, i) => i + 1));
      await stream.close();
    });

    it('an empty message: 400 problem and a polite reply', async () => {
      const c = await dl.start({ centre: 'thira', locale: 'en' });
      const before = (await dl.activities(c)).body.activities.length;
      const res = await dl.post(c, { text: '   ' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: 'urn:kentro:problem:empty-message' });
      const after = (await dl.activities(c)).body.activities;
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)!.from.role).toBe('bot');
    });

    it('attachments and uploads: 415 problem and a stored notice asking for words', async () => {
      const c = await dl.start({ centre: 'thira', locale: 'en' });
      const stream = await Stream.open(c.streamUrl);
      await stream.until((s) => s.messages.length > 0);
      const res = await dl.post(c, { attachments: [{ contentType: 'image/png', contentUrl: 'blob:x', name: 'id.png' }] });
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ type: 'urn:kentro:problem:unsupported-attachment' });
      const notice = translator('en')('common:unsupportedAttachment');
      await stream.until((s) => s.messages.some((a) => a.text === notice));

      const upload = await fetch(`${server.url}/v3/directline/conversations/${c.conversationId}/upload?userId=x`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'multipart/form-data; boundary=x' },
        body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF\r\n--x--\r\n',
      });
      expect(upload.status).toBe(415);
      expect(await server.db.prisma.message.count({ where: { conversationId: c.conversationId, type: 'incoming' } })).toBe(0);
      await stream.close();
    });

    it('a flood from one client: 429 with Retry-After, ONE polite message, and the other conversations carry on', async () => {
      const c = await dl.start({ centre: 'thira', locale: 'el' });
      const stream = await Stream.open(c.streamUrl);
      await stream.until((s) => s.messages.length > 0);
      const results = [];
      for (let i = 0; i < 25; i++) results.push(await dl.post(c, { text: 'menu' }));
      const statuses = results.map((r) => r.status);
      expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
      const limited = results[20]!;
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({ type: 'urn:kentro:problem:rate-limited', status: 429 });

      const slowDown = translator('el')('common:slowDown');
      await stream.until((s) => s.messages.some((a) => a.text === slowDown));
      await new Promise((r) => setTimeout(r, 200));
      expect(stream.messages.filter((a) => a.text === slowDown)).toHaveLength(1);
      // The notice is part of the transcript, like any bot message (a reload shows it too).
      const history = await fetch(`${server.url}/v3/directline/conversations/${c.conversationId}/activities?watermark=0`, { headers: { authorization: `Bearer ${c.token}` } });
      const set = (await history.json()) as { activities: { text?: string }[] };
      expect(set.activities.filter((a) => a.text === slowDown)).toHaveLength(1);

      const other = await dl.start({ centre: 'thira', locale: 'el' });
      expect((await dl.post(other, { text: 'menu' })).status).toBe(200);
      await stream.close();
    });
  });

  describe('CORS', () => {
    it('answers the preflight with the headers Web Chat sends', async () => {
      const res = await fetch(`${server.url}/v3/directline/conversations/x/activities`, {
        method: 'OPTIONS',
        headers: { origin: 'https://www.thira.gr', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-ms-bot-agent' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const allowed = res.headers.get('access-control-allow-headers')!.split(/,\s*/);
      expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-ms-bot-agent', 'x-requested-with']));
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    });

    it('an unknown Direct Line path is a problem+json 404 too', async () => {
      const res = await dl.request<{ type: string }>('GET', '/nowhere');
      expect(res.status).toBe(404);
      expect(res.body.type).toBe('urn:kentro:problem:not-found');
    });

    it('lets pages read Retry-After on errors', async () => {
      const res = await fetch(`${server.url}/v3/directline/conversations/x/activities`, { headers: { origin: 'https://www.thira.gr' } });
      expect(res.status).toBe(401);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-expose-headers')).toContain('retry-after');
    });
  });
});
