import type { Prisma } from './client.js';
import { subjectRef } from '../privacy/subject.js';

/** Actors that are citizens: the log keeps an opaque reference, never their contact id. */
const CITIZEN_ACTORS: ReadonlySet<string> = new Set(['contact', 'citizen']);

export interface AuditEntry {
  centreId?: string | null;
  actorType: string;
  actorId?: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Ids, counts and codes only: never citizen text or other personal data. */
  details?: Record<string, string | number | boolean | null>;
}

type AuditWriter = Pick<Prisma, 'auditLog'>;

export async function writeAudit(prisma: AuditWriter, entry: AuditEntry): Promise<void> {
  await prisma.auditLog.create({
    data: {
      centreId: entry.centreId ?? null,
      actorType: entry.actorType,
      // The log is append-only and outlives an erasure: a citizen's id must not be in it.
      actorId: entry.actorId && CITIZEN_ACTORS.has(entry.actorType) ? subjectRef(entry.actorId) : (entry.actorId ?? null),
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
    },
  });
}
