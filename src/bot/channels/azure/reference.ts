import type { ConversationReference } from 'botframework-schema';
import { z } from 'zod';
import type { Prisma } from '../../../db/client.js';
import type { Language } from '../../core/types.js';

const account = z.looseObject({ id: z.string(), name: z.string() });
const storedReference = z.looseObject({
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1), isGroup: z.boolean(), conversationType: z.string(), name: z.string() }),
  bot: account,
  user: account.optional(),
  locale: z.string().optional(),
});

/**
 * Keeps the citizen's latest ConversationReference on their channel identity (ContactInbox.
 * reference), creating the identity on their first activity as the core would. Written before
 * the turn, so the outbox never finds a reply without an address. ContactInbox.updatedAt is left
 * as it was: it says when the citizen unsubscribed (src/bot/outbox/subscription.ts).
 */
export async function rememberReference(prisma: Prisma, p: { inboxId: string; sourceId: string; reference: ConversationReference; language: Language | undefined }): Promise<void> {
  const json = JSON.stringify(p.reference);
  const where = { inboxId_sourceId: { inboxId: p.inboxId, sourceId: p.sourceId } };
  for (let attempt = 0; ; attempt++) {
    const existing = await prisma.contactInbox.findUnique({ where, select: { id: true, reference: true, updatedAt: true } });
    if (existing) {
      if (existing.reference !== json) await prisma.contactInbox.update({ where: { id: existing.id }, data: { reference: json, updatedAt: existing.updatedAt } });
      return;
    }
    try {
      const centreId = (await prisma.inbox.findUniqueOrThrow({ where: { id: p.inboxId }, select: { centreId: true } })).centreId;
      await prisma.contactInbox.create({
        data: { inbox: { connect: { id: p.inboxId } }, sourceId: p.sourceId, reference: json, contact: { create: { centreId, language: p.language ?? null } } },
      });
      return;
    } catch (err) {
      // Another replica created the identity at the same moment: update theirs.
      if ((err as { code?: unknown }).code !== 'P2002' || attempt > 0) throw err;
    }
  }
}

/** The stored reference of a channel identity, or null (never written, or unreadable). */
export async function loadReference(prisma: Prisma, inboxId: string, sourceId: string): Promise<ConversationReference | null> {
  const row = await prisma.contactInbox.findUnique({ where: { inboxId_sourceId: { inboxId, sourceId } }, select: { reference: true } });
  if (!row?.reference) return null;
  try {
    const parsed = storedReference.safeParse(JSON.parse(row.reference));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
