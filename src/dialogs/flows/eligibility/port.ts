import type { Db } from '../../../db/client.js';
import { writeAudit } from '../../../db/audit.js';
import type { TurnIdentity } from '../../engine/services.js';

/** One indicative result, as codes only: it feeds the monthly reports (src/reports). */
export interface EligibilityOutcome {
  centreId: string | null;
  programme: string;
  result: string;
}

/** What the screener records outside the dialog. */
export interface EligibilityPort {
  /** Records that a screener gave a result (an audit entry with codes, never the answers). */
  recordResult(outcome: EligibilityOutcome): Promise<void>;
}

export const ELIGIBILITY_RESULT_ACTION = 'eligibility.result';

/** The port of one turn: idempotent per turn (a re-run turn finds its entry and writes none). */
export function createEligibilityPort(db: Db, identity: TurnIdentity): EligibilityPort {
  return {
    async recordResult({ centreId, programme, result }) {
      const details = { programme, result, turn: identity.turnKey };
      const where = { action: ELIGIBILITY_RESULT_ACTION, entityType: 'Conversation', entityId: identity.conversationId, details: JSON.stringify(details) };
      if (await db.prisma.auditLog.findFirst({ where, select: { id: true } })) return;
      // A conversation whose dialog has no centre yet may still have one in the case store.
      const centre = centreId ?? (await db.prisma.conversation.findUnique({ where: { id: identity.conversationId }, select: { centreId: true } }))?.centreId ?? null;
      await writeAudit(db.prisma, { centreId: centre, actorType: 'system', action: ELIGIBILITY_RESULT_ACTION, entityType: 'Conversation', entityId: identity.conversationId, details });
    },
  };
}
