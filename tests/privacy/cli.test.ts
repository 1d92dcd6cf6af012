import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { inboxId } from '../../src/db/sync-content.js';
import { channelDatabase } from '../support/channel-app.js';
import { runKentro } from '../support/cli.js';
import { providers, type TestDatabase } from '../support/db.js';
import { cellsContaining, seedCitizen } from './support.js';

describe.each(providers())('kentro privacy … as an operator runs it, on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await channelDatabase(provider);
    db = await database.open();
    env = { DATABASE_URL: database.url };
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('export prints everything about the contact as JSON and audits it; an unknown id is an error', async () => {
    const citizen = await seedCitizen(db, 'cli-export', { day: 20 });
    const out = await runKentro(['privacy', 'export', '--contact', citizen.contactId], env);
    expect(out.code).toBe(0);
    const data = JSON.parse(out.stdout) as { contact: { name: string; phone: string }; identities: { sourceId: string }[]; conversations: { messages: { text: string }[] }[] };
    expect(data.contact).toMatchObject({ name: citizen.name, phone: citizen.phone });
    expect(data.identities.map((i) => i.sourceId)).toContain(citizen.sourceId);
    expect(data.conversations[0]!.messages.map((m) => m.text)).toContain(citizen.text);
    expect(await db.prisma.auditLog.count({ where: { action: 'privacy.export', actorType: 'cli' } })).toBe(1);

    const unknown = await runKentro(['privacy', 'export', '--contact', 'no-such-contact'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no contact with id no-such-contact');
  });

  it('erase refuses without a terminal or --yes, and with --yes leaves nothing about the contact', async () => {
    const citizen = await seedCitizen(db, 'cli-erase', { day: 21 });
    const refused = await runKentro(['privacy', 'erase', '--contact', citizen.contactId], env, 'yes\n');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--yes');
    expect(await db.prisma.contact.count({ where: { id: citizen.contactId } })).toBe(1);

    const done = await runKentro(['privacy', 'erase', '--contact', citizen.contactId, '--yes'], env);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^Erased contact \S+: conversations 1, messages 2, identities 2/);
    expect(await cellsContaining(db, [citizen.contactId, citizen.sourceId, citizen.name, citizen.phone, citizen.text])).toEqual([]);
    expect(await db.prisma.auditLog.count({ where: { action: 'privacy.erase', actorType: 'cli' } })).toBe(1);
  });

  it('purge --dry-run lists what is past its period and removes nothing; purge removes it', async () => {
    const inbox = inboxId('webchat', 'souli');
    const old = new Date(Date.now() - 400 * 24 * 3600_000);
    const contact = await db.prisma.contact.create({ data: { centreId: 'souli', createdAt: old } });
    const identity = await db.prisma.contactInbox.create({ data: { contactId: contact.id, inboxId: inbox, sourceId: 'dl_old_visitor' } });
    const conversation = await db.prisma.conversation.create({ data: { inboxId: inbox, contactId: contact.id, contactInboxId: identity.id, centreId: 'souli', lastActivityAt: old } });

    const dry = await runKentro(['privacy', 'purge', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run: nothing was removed');
    expect(dry.stdout).toContain(`conversations\t1\t${conversation.id}`);
    expect(dry.stdout).toContain(`contacts\t1\t${contact.id}`);
    expect(await db.prisma.conversation.count({ where: { id: conversation.id } })).toBe(1);

    const real = await runKentro(['privacy', 'purge'], env);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain(`conversations\t1\t${conversation.id}`);
    expect(await db.prisma.conversation.count({ where: { id: conversation.id } })).toBe(0);
    expect(await db.prisma.contact.count({ where: { id: contact.id } })).toBe(0);
    expect(await db.prisma.auditLog.count({ where: { action: 'privacy.purge', actorType: 'cli' } })).toBe(1);
  });
});
