import type { Db } from '../db/client.js';
import type { TurnIdentity } from '../dialogs/engine/services.js';
import { queuePosition } from './queue.js';
import { statusMachine } from './status.js';

/** Where a request for a person left the conversation. */
export type HandoffResult =
  /** In the centre's queue, `position` 1 = next. */
  | { status: 'pending'; position: number }
  /** A person already has it. */
  | { status: 'open' };

/** What the dialogs can do about a person (the 'person' flow). */
export interface HandoffPort {
  /** Puts the conversation in its centre's staff queue (once; asking again keeps its place). */
  request(p: { centreId: string; reason: 'citizen' | 'fallback' | 'emergency' }): Promise<HandoffResult>;
}

/** The handoff port of one turn, backed by the status machine. Idempotent: asking twice keeps the place. */
export function createHandoffPort(db: Db, identity: TurnIdentity): HandoffPort {
  return {
    async request({ centreId, reason }) {
      const { prisma } = db;
      // The centre may have been chosen in this very turn (stored with the turn, after this).
      await prisma.conversation.updateMany({ where: { id: identity.conversationId, centreId: null }, data: { centreId } });
      await statusMachine(db).change(identity.conversationId, 'queue', { actor: { type: 'citizen', id: identity.contactId }, details: { reason } });
      const row = await prisma.conversation.findUnique({ where: { id: identity.conversationId }, select: { status: true } });
      if (row?.status === 'open') return { status: 'open' };
      return { status: 'pending', position: (await queuePosition(prisma, identity.conversationId)) ?? 1 };
    },
  };
}
