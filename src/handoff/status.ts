import { EventEmitter } from 'node:events';
import type { Db, Prisma } from '../db/client.js';
import { writeAudit } from '../db/audit.js';

/** A conversation's status: the bot has it → in its centre's staff queue → a person has it → closed. */
export const CONVERSATION_STATUSES = ['bot', 'pending', 'open', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export function isConversationStatus(value: unknown): value is ConversationStatus {
  return typeof value === 'string' && (CONVERSATION_STATUSES as readonly string[]).includes(value);
}

/** Who moved the conversation: a staff member, the citizen (asked for a person, wrote again) or kentro. */
export type Actor = { type: 'staff'; id: string } | { type: 'citizen'; id?: string | null } | { type: 'system' };

/** The transitions, by name; each lists the statuses it may start from. */
export const TRANSITIONS = {
  /** The citizen asked for a person, the bot misunderstood twice, or an emergency. */
  queue: { from: ['bot'], to: 'pending' },
  /** Staff claim or assign it (assigning an open one changes the assignee only). */
  claim: { from: ['bot', 'pending', 'open'], to: 'open' },
  /** Staff hand it back to the bot. */
  handback: { from: ['pending', 'open'], to: 'bot' },
  resolve: { from: ['bot', 'pending', 'open'], to: 'resolved' },
  /** The citizen writes again in a resolved conversation (web chat keeps its conversation). */
  reopen: { from: ['resolved'], to: 'bot' },
} as const satisfies Record<string, { from: readonly ConversationStatus[]; to: ConversationStatus }>;
export type Transition = keyof typeof TRANSITIONS;

/** What a transition changed, for live listeners (the staff inbox's event stream). */
export interface StatusChange {
  conversationId: string;
  centreId: string | null;
  transition: Transition;
  from: ConversationStatus;
  to: ConversationStatus;
  urgent: boolean;
  assigneeId: string | null;
  actor: Actor;
}

type Writer = Pick<Prisma, 'conversation' | 'auditLog'>;

export interface TransitionOptions {
  actor: Actor;
  /** For claim: who gets it. With `onlyIf` ('unassigned-or-mine'), claim refuses another's conversation. */
  assigneeId?: string;
  /** For claim: another staff member's open conversation is not taken (409 for the API). */
  keepOthers?: boolean;
  details?: Record<string, string | number | boolean | null>;
}

/**
 * The one place a conversation's status changes. Guarded by the current status (an UPDATE …
 * WHERE status IN (allowed)), so two staff claiming at once cannot both win, and writes the
 * audit entry with the change, in the caller's transaction when it gives one. Returns the
 * change, or null when the conversation was not in a status the transition starts from.
 */
export async function applyTransition(prisma: Writer, conversationId: string, transition: Transition, options: TransitionOptions): Promise<StatusChange | null> {
  const rule = TRANSITIONS[transition];
  const before = await prisma.conversation.findUnique({ where: { id: conversationId }, select: { status: true, centreId: true, urgent: true, assigneeId: true } });
  if (!before || !isConversationStatus(before.status) || !(rule.from as readonly string[]).includes(before.status)) return null;
  if (transition === 'claim' && options.keepOthers && before.status === 'open' && before.assigneeId && before.assigneeId !== options.assigneeId) return null;
  const now = new Date();
  const assigneeId = rule.to === 'open' ? (options.assigneeId ?? before.assigneeId) : rule.to === 'bot' || rule.to === 'resolved' ? null : before.assigneeId;
  const data = {
    status: rule.to,
    assigneeId,
    ...(rule.to === 'pending' ? { pendingSince: now } : {}),
    ...(rule.to === 'resolved' ? { resolvedAt: now } : {}),
    ...(rule.to === 'bot' ? { pendingSince: null, resolvedAt: null } : {}),
  };
  // The guard is the status *and* assignee read above: a concurrent claim makes this update miss.
  const updated = await prisma.conversation.updateMany({ where: { id: conversationId, status: before.status, assigneeId: before.assigneeId }, data });
  if (updated.count !== 1) return null;
  const actor = options.actor;
  await writeAudit(prisma, {
    centreId: before.centreId,
    actorType: actor.type,
    actorId: actor.type === 'system' ? null : (actor.id ?? null),
    action: `conversation.${transition}`,
    entityType: 'Conversation',
    entityId: conversationId,
    details: { from: before.status, to: rule.to, ...(assigneeId && assigneeId !== before.assigneeId ? { assigneeId } : {}), ...options.details },
  });
  return { conversationId, centreId: before.centreId, transition, from: before.status, to: rule.to, urgent: before.urgent, assigneeId, actor };
}

/**
 * The status machine with its live feed: `change` runs a transition in its own transaction and
 * announces it; callers that run one inside their own transaction (the core's emergency path)
 * use `applyTransition` and `announce` after commit.
 */
export class StatusMachine {
  private readonly emitter = new EventEmitter();

  constructor(private readonly db: Db) {
    this.emitter.setMaxListeners(0);
  }

  async change(conversationId: string, transition: Transition, options: TransitionOptions): Promise<StatusChange | null> {
    const change = await this.db.prisma.$transaction((tx) => applyTransition(tx, conversationId, transition, options));
    if (change) this.announce(change);
    return change;
  }

  announce(change: StatusChange): void {
    this.emitter.emit('change', change);
  }

  /** Other live events of the inbox (assignee changed, internal note added). */
  notify(event: InboxEvent): void {
    this.emitter.emit('event', event);
  }

  onChange(listener: (change: StatusChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  onEvent(listener: (event: InboxEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

/** Inbox events that are not status changes nor citizen-visible messages. */
export type InboxEvent =
  | { kind: 'conversation.updated'; conversationId: string; centreId: string | null }
  | { kind: 'note.created'; conversationId: string; centreId: string | null; messageId: string };

const machines = new WeakMap<Db, StatusMachine>();

/**
 * The status machine of a database connection. One per connection so the core, the flows'
 * handoff port and the staff API share one live feed without threading it through every
 * constructor. (In-process: replicas would fan out through the database.)
 */
export function statusMachine(db: Db): StatusMachine {
  let machine = machines.get(db);
  if (!machine) machines.set(db, (machine = new StatusMachine(db)));
  return machine;
}
