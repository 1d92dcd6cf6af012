import { z } from 'zod';
import type { Prisma } from '../db/client.js';
import type { CannedTexts } from './canned.js';

/**
 * How the API shows conversations and messages (src/staff-api/README.md). Reads the case
 * store's rows defensively: payloads and intake JSON written by other parts are parsed, never
 * trusted.
 */

const staffPayloadSchema = z.object({
  buttons: z.array(z.object({ title: z.string(), value: z.string() })).optional(),
  attachments: z.array(z.unknown()).optional(),
  cannedResponseId: z.string().optional(),
  original: z.object({ language: z.string(), text: z.string() }).optional(),
});

function payloadOf(raw: string | null): z.infer<typeof staffPayloadSchema> {
  if (!raw) return {};
  try {
    const parsed = staffPayloadSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export interface MessageRowWithStaff {
  id: string;
  seq: number;
  type: string;
  private: boolean;
  senderType: string;
  text: string | null;
  payload: string | null;
  language: string | null;
  deliveryStatus: string;
  createdAt: Date;
  staff: { id: string; name: string } | null;
}

export function messageView(m: MessageRowWithStaff) {
  const payload = payloadOf(m.payload);
  return {
    id: m.id,
    seq: m.seq,
    type: m.type,
    private: m.private || m.type === 'note',
    senderType: m.senderType,
    staff: m.staff ? { id: m.staff.id, name: m.staff.name } : null,
    text: m.text,
    language: m.language,
    original: payload.original ?? null,
    cannedResponseId: payload.cannedResponseId ?? null,
    buttons: payload.buttons ?? [],
    attachments: payload.attachments ?? [],
    deliveryStatus: m.deliveryStatus,
    createdAt: m.createdAt.toISOString(),
  };
}
export type MessageView = ReturnType<typeof messageView>;

export const MESSAGE_INCLUDE = { staff: { select: { id: true, name: true } } } as const;

/** Messages read for a summary: enough to count unread ones (capped) and show the last. */
const RECENT = 30;

export const SUMMARY_INCLUDE = {
  contact: { select: { id: true, name: true } },
  inbox: { select: { channel: true } },
  assignee: { select: { id: true, name: true } },
  messages: { where: { private: false, type: { not: 'note' } }, orderBy: { seq: 'desc' }, take: RECENT, select: { text: true, senderType: true, type: true, createdAt: true } },
} as const;

type SummaryRow = NonNullable<Awaited<ReturnType<typeof loadSummaryRow>>>;

async function loadSummaryRow(prisma: Prisma, id: string) {
  return prisma.conversation.findUnique({ where: { id }, include: SUMMARY_INCLUDE });
}

export function summaryView(c: SummaryRow) {
  const last = c.messages[0];
  // Unread: the citizen's messages since a person last wrote (capped at the recent window).
  let unread = 0;
  for (const m of c.messages) {
    if (m.senderType === 'staff') break;
    if (m.type === 'incoming') unread++;
  }
  return {
    id: c.id,
    status: c.status,
    urgent: c.urgent,
    channel: c.inbox.channel,
    language: c.language,
    contact: { id: c.contact.id, name: c.contact.name },
    assignee: c.assignee ? { id: c.assignee.id, name: c.assignee.name } : null,
    pendingSince: c.pendingSince?.toISOString() ?? null,
    lastActivityAt: c.lastActivityAt.toISOString(),
    lastMessage: last ? { text: last.text, senderType: last.senderType, type: last.type, createdAt: last.createdAt.toISOString() } : null,
    unread: c.status === 'bot' ? 0 : unread,
  };
}
export type ConversationSummary = ReturnType<typeof summaryView>;

/** The summary of one conversation (after an action). */
export async function summaryOf(prisma: Prisma, id: string): Promise<ConversationSummary> {
  const row = await loadSummaryRow(prisma, id);
  if (!row) throw new Error(`conversation ${id} vanished`);
  return summaryView(row);
}

export function cannedView(row: { id: string; centreId: string | null; shortCode: string; texts: string }, texts: CannedTexts) {
  return { id: row.id, shortCode: row.shortCode, global: row.centreId === null, texts };
}

/** Parses JSON text written elsewhere (intake answers); unreadable → null. */
export function jsonOrNull(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
