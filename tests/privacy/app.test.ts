import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { ERASE_DELAY_MS } from '../../src/privacy/jobs.js';
import { subjectRef } from '../../src/privacy/subject.js';
import { providers } from '../support/db.js';
import { DirectLine, listeningApp, type ListeningApp } from '../support/directline.js';
import { api, staffOf } from '../staff-api/support.js';

/** The address the service is told it has (the links name it; the test reaches the app on loopback). */
const PUBLIC_URL = 'https://kentro.example.gr';

describe.each(providers())('data rights over HTTP on %s', (provider) => {
  let kentro: ListeningApp;
  let dl: DirectLine;

  beforeAll(async () => {
    kentro = await listeningApp(provider, { PUBLIC_URL });
    dl = new DirectLine(kentro.url);
  });
  afterAll(async () => kentro.close());

  async function webCitizen(locale: string) {
    const c = await dl.start({ centre: 'thira', locale });
    const press = async (value: string) => {
      const res = await dl.post(c, { text: value, value });
      expect(res.status).toBe(200);
    };
    const botTexts = async () => (await dl.activities(c)).body.activities.filter((a) => a.type === 'message' && a.from.role === 'bot').map((a) => a.text ?? '');
    const contactId = (await kentro.db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } })).contactId;
    return { c, press, botTexts, contactId };
  }

  it('web chat: the summary carries a link that downloads everything as a JSON attachment, once audited; a forged or unknown link gets 404', async () => {
    const citizen = await webCitizen('el');
    await citizen.press('cmd:menu');
    await citizen.press('menu:privacy');
    await citizen.press('privacy:summary');
    const line = (await citizen.botTexts()).find((t) => t.includes('/privacy/export?t='));
    const link = /(https:\/\/kentro\.example\.gr\/privacy\/export\?t=\S+)$/.exec(line ?? '')?.[1];
    expect(link).toBeDefined();
    const url = link!.replace(PUBLIC_URL, kentro.url);

    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const data = (await res.json()) as { contact: { id: string }; conversations: { messages: { text: string | null }[] }[] };
    expect(data.contact.id).toBe(citizen.contactId);
    expect(data.conversations[0]!.messages.map((m) => m.text)).toContain(translator('el')('privacy:prompt'));
    const audit = await kentro.db.prisma.auditLog.findMany({ where: { action: 'privacy.export', entityId: subjectRef(citizen.contactId) } });
    expect(audit).toMatchObject([{ actorType: 'contact', entityType: 'Contact', centreId: 'thira' }]);

    const forged = url!.replace(/\.[\w-]+$/, '.AAAA');
    expect((await fetch(forged)).status).toBe(404);
    expect((await fetch(`${kentro.url}/privacy/export?t=not-a-token`)).status).toBe(404);
  });

  it('web chat: "yes, delete" shows the confirmation in the chat; the erasure job runs later and the conversation is gone', async () => {
    const citizen = await webCitizen('fr');
    await citizen.press('cmd:menu');
    await citizen.press('menu:privacy');
    await citizen.press('privacy:delete');
    await citizen.press('privacy:erase-yes');
    expect((await citizen.botTexts()).at(-1)).toBe(translator('fr')('privacy:erase.done'));

    // Due a minute later: a run now erases nothing.
    await kentro.app.jobs.runDue();
    expect(await kentro.db.prisma.contact.count({ where: { id: citizen.contactId } })).toBe(1);
    await kentro.app.jobs.runDue(new Date(Date.now() + 2 * ERASE_DELAY_MS));
    expect(await kentro.db.prisma.contact.count({ where: { id: citizen.contactId } })).toBe(0);
    expect((await dl.activities(citizen.c)).status).toBe(404);
    expect(await kentro.db.prisma.auditLog.count({ where: { action: 'privacy.erase', entityId: subjectRef(citizen.contactId), actorType: 'contact' } })).toBe(1);
  });

  it("staff: the centre's admin reads its audit log newest first, a page at a time; a worker cannot; another centre's entries and contacts are out of reach", async () => {
    const admin = await staffOf(kentro.db, kentro.url, 'thira', 'admin');
    const worker = await staffOf(kentro.db, kentro.url, 'thira', 'worker');
    const samosAdmin = await staffOf(kentro.db, kentro.url, 'samos', 'admin');
    const citizen = await webCitizen('en');

    expect((await api(kentro.url, 'GET', '/api/audit', { token: worker.token })).status).toBe(403);
    // A desk request: the admin exports, then erases a contact of the centre.
    const exported = await api<{ contact: { id: string } }>(kentro.url, 'GET', `/api/contacts/${citizen.contactId}/export`, { token: admin.token });
    expect(exported.status).toBe(200);
    expect(exported.body.contact.id).toBe(citizen.contactId);
    expect((await api(kentro.url, 'GET', `/api/contacts/${citizen.contactId}/export`, { token: samosAdmin.token })).status).toBe(404);
    expect((await api(kentro.url, 'POST', `/api/contacts/${citizen.contactId}/erase`, { token: samosAdmin.token })).status).toBe(404);
    expect((await api(kentro.url, 'POST', `/api/contacts/${citizen.contactId}/erase`, { token: worker.token })).status).toBe(403);
    const erased = await api<{ erased: boolean; auditReference: string }>(kentro.url, 'POST', `/api/contacts/${citizen.contactId}/erase`, { token: admin.token });
    expect(erased.status).toBe(200);
    expect(erased.body.auditReference).toBe(subjectRef(citizen.contactId));
    expect(await kentro.db.prisma.contact.count({ where: { id: citizen.contactId } })).toBe(0);

    type Page = { entries: { id: string; at: string; action: string; actorName: string | null; entityId: string | null }[]; next: string | null };
    const first = await api<Page>(kentro.url, 'GET', '/api/audit?limit=1', { token: admin.token });
    expect(first.status).toBe(200);
    expect(first.body.entries).toMatchObject([{ action: 'privacy.erase', entityId: subjectRef(citizen.contactId), actorName: expect.any(String) }]);
    expect(first.body.next).toBe(first.body.entries[0]!.id);
    const second = await api<Page>(kentro.url, 'GET', `/api/audit?limit=1&before=${first.body.next}`, { token: admin.token });
    expect(second.body.entries).toMatchObject([{ action: 'privacy.export' }]);
    expect(new Date(second.body.entries[0]!.at) <= new Date(first.body.entries[0]!.at)).toBe(true);
    // "Was this citizen's data exported or erased?": by their reference.
    const bySubject = await api<Page>(kentro.url, 'GET', `/api/audit?entityId=${subjectRef(citizen.contactId)}`, { token: admin.token });
    expect(bySubject.body.entries.map((e) => e.action)).toEqual(['privacy.erase', 'privacy.export']);
    // Samos sees none of Thira's entries, and cannot page through them.
    const samos = await api<Page>(kentro.url, 'GET', '/api/audit', { token: samosAdmin.token });
    expect(samos.body.entries.filter((e) => e.entityId === subjectRef(citizen.contactId))).toEqual([]);
    expect((await api(kentro.url, 'GET', `/api/audit?before=${first.body.next}`, { token: samosAdmin.token })).status).toBe(400);
  });
});
