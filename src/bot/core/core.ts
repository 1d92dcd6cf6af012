import { randomUUID } from 'node:crypto';
import type { Content } from '../../content/load.js';
import type { Db } from '../../db/client.js';
import { writeAudit } from '../../db/audit.js';
import { applyTransition, statusMachine, type StatusChange, type StatusMachine } from '../../handoff/status.js';
import { inboxId as inboxIdOf } from '../../db/sync-content.js';
import { runTurn, type FlowRegistry, type Reply, type Session, type TurnInput } from '../../dialogs/engine/engine.js';
import { parseState, type DialogState } from '../../dialogs/engine/state.js';
import { createFlowRegistry } from '../../dialogs/registry.js';
import { translator } from '../../i18n/index.js';
import { MessageBus } from './bus.js';
import type { IntentClassifier } from '../../nlu/classifier.js';
import type { Understanding } from '../../dialogs/engine/types.js';
import { NO_SERVICES, type FlowServices, type TurnIdentity } from '../../dialogs/engine/services.js';
import { parseCommand, parseNumber } from '../../dialogs/engine/input.js';
import type { PreDialogCheck } from './hooks.js';
import { KeyedMutex } from './lock.js';
import { encodePayload, toTranscript, toTranscriptWith, type MessagePayload, type MessageRow } from './transcript.js';
import { readConversation, readConversationSummary, storeTurn, type ConversationRecord } from './sqlite-turn.js';
import { isLanguage, type InboundEnvelope, type Language, type TranscriptMessage, type TurnOutcome } from './types.js';

/** Channels whose replies are delivered by the outbox worker (they push to the citizen). */
export const PUSH_CHANNELS: ReadonlySet<string> = new Set(['telegram', 'viber', 'azure']);

/** Longest message accepted (characters); longer ones get a polite "send shorter parts". */
export const MAX_TEXT = 4000;

export interface CoreOptions {
  flows?: FlowRegistry;
  checks?: PreDialogCheck[];
  /** Understands free text; without it only buttons, numbers and commands are understood. */
  classifier?: IntentClassifier;
  /** The ports the flows use for the conversation of a turn (appointments, privacy, handoff). */
  services?: (identity: TurnIdentity) => FlowServices;
}

/** The columns a turn works on (read by either path). */
type ConversationRow = ConversationRecord;

/** Another process changed the conversation between our read and our write: run the turn again. */
class StaleConversation extends Error {}

const CONVERSATION_FIELDS = { id: true, inboxId: true, contactId: true, centreId: true, language: true, status: true, state: true, stateVersion: true, lastSeq: true } as const;

/**
 * The channel-neutral conversation core. A channel adapter hands it normalised activities;
 * it dedupes, finds the contact and conversation, runs pre-dialog checks and the dialog, and
 * stores the incoming message, the replies and the new state in one transaction. Channels
 * read replies from the transcript (pull) or get them through the outbox (push).
 */
export class ConversationCore {
  readonly bus = new MessageBus();
  /** Status changes (bot → pending → open → resolved) go through it; the staff inbox listens. */
  readonly statuses: StatusMachine;
  private readonly mutex = new KeyedMutex();
  /** Called after a commit that queued outbox rows (the outbox worker wakes up at once). */
  onOutbox?: () => void;
  /** Told what each turn stored and how long understanding took (/metrics, src/metrics). */
  observer?: CoreObserver;
  private readonly flows: FlowRegistry;
  private readonly checks: PreDialogCheck[];
  /** The free-text classifier (src/nlu/learn swaps staff-assigned examples into it). */
  readonly classifier: IntentClassifier | undefined;
  private readonly services: ((identity: TurnIdentity) => FlowServices) | undefined;
  private readonly inboxes = new Map<string, { centreId: string | null; channel: string }>();

  constructor(
    private readonly db: Db,
    private readonly content: Content,
    options: CoreOptions = {},
  ) {
    this.flows = options.flows ?? createFlowRegistry();
    this.checks = options.checks ?? [];
    this.classifier = options.classifier;
    this.services = options.services;
    this.statuses = statusMachine(db);
  }

  /** Creates contact, channel identity and conversation, and runs the opening turn. */
  async startConversation(p: { inboxId: string; userId: string; centreId?: string; language?: Language; repliesInline?: boolean }): Promise<{ conversationId: string }> {
    const centreId = p.centreId ?? (await this.centreOfInbox(p.inboxId));
    const conversation = await this.createConversation(p.inboxId, p.userId, centreId, p.language ?? null);
    await this.mutex.run(conversation.id, () => this.turn(conversation.id, { kind: 'start' }, null, undefined, { inline: p.repliesInline === true }));
    return { conversationId: conversation.id };
  }

  /** One inbound activity through the whole pipeline. */
  async handle(envelope: InboundEnvelope): Promise<TurnOutcome> {
    const { activity } = envelope;
    const text = typeof activity.text === 'string' ? activity.text : '';
    const value = typeof activity.value === 'string' ? activity.value : undefined;
    const conversationId = envelope.conversationId ?? (await this.conversationFor(envelope));
    if (!conversationId) return { status: 'rejected', reason: 'unknown_conversation', replies: [] };
    return this.mutex.run(conversationId, async () => {
      const conversation = await this.conversationRow(conversationId);
      if (!conversation) return { status: 'rejected', reason: 'unknown_conversation', replies: [] };
      const lang = this.languageOf(conversation);
      if (text.length > MAX_TEXT) {
        const replies = await this.store(conversation, null, [{ text: translator(lang)('common:tooLong', { max: MAX_TEXT }) }], null, lang);
        return { status: 'rejected', reason: 'too_long', replies };
      }
      const attachments = activity.attachments ?? [];
      if (text.trim() === '' && !value && attachments.length === 0) {
        const replies = await this.store(conversation, null, [{ text: translator(lang)('common:empty') }], null, lang);
        return { status: 'rejected', reason: 'empty', replies };
      }
      const sourceId = activity.id ?? clientActivityIdOf(activity.channelData) ?? null;
      // Redeliveries are caught by the unique (inbox, sourceId) constraint when the turn is stored.
      const incoming: IncomingDraft = {
        text: text || null,
        sourceId,
        clientActivityId: clientActivityIdOf(activity.channelData),
        attachments,
        buttonTitle: value ? text : undefined,
      };
      const nlu = value ? undefined : await this.understand(text, lang);
      if (nlu) Object.assign(incoming, { intent: nlu.intent, intentScore: nlu.score });
      const input: TurnInput | null =
        attachments.length > 0 && text.trim() === '' && !value ? null : { kind: 'message', text, ...(value ? { value } : {}), ...(nlu ? { nlu } : {}) };
      // A deep link (Telegram /start thira) chooses the centre of an existing conversation too.
      return this.turn(conversationId, input, incoming, conversation, { centreId: envelope.centreId, inline: envelope.repliesInline === true });
    });
  }

  /**
   * Bot messages outside a turn (a "please slow down" notice, later reminders): stored in the
   * transcript and published like any reply, under the conversation's lock.
   */
  async say(conversationId: string, replies: (lang: Language) => Reply[]): Promise<TranscriptMessage[]> {
    return this.mutex.run(conversationId, async () => {
      for (let attempt = 0; ; attempt++) {
        const conversation = await this.conversationRowOrThrow(conversationId);
        const lang = this.languageOf(conversation);
        try {
          return await this.store(conversation, null, replies(lang), null, lang);
        } catch (err) {
          if (err instanceof StaleConversation && attempt < 5) continue;
          throw err;
        }
      }
    });
  }

  /**
   * A staff member's reply (or internal note, `private`): stored as an outgoing message of the
   * staff (a note is type 'note' and never sent), queued in the outbox for push channels and
   * published live like any reply, under the conversation's lock. `payload` carries the staff
   * view (a canned response's Greek original); `language` is what the citizen receives.
   */
  async sendAsStaff(conversationId: string, p: { text: string; staffId: string; private: boolean; language?: string | null; payload?: Record<string, unknown> }): Promise<{ id: string; seq: number }> {
    return this.mutex.run(conversationId, async () => {
      for (let attempt = 0; ; attempt++) {
        const conversation = await this.conversationRowOrThrow(conversationId);
        try {
          const staff = { staffId: p.staffId, private: p.private, payload: p.payload ?? null, language: p.language ?? null, ids: [] as { id: string; seq: number }[] };
          await this.store(conversation, null, [{ text: p.text }], null, this.languageOf(conversation), undefined, false, false, staff);
          if (!p.private) await this.db.prisma.conversation.updateMany({ where: { id: conversationId, firstResponseAt: null }, data: { firstResponseAt: new Date() } });
          return staff.ids[0]!;
        } catch (err) {
          if ((err instanceof StaleConversation || isUniqueViolation(err)) && attempt < 5) continue;
          throw err;
        }
      }
    });
  }

  /** The conversation's messages after `afterSeq`, in order; staff notes are never included. */
  async transcript(conversationId: string, afterSeq = 0): Promise<TranscriptMessage[]> {
    const rows = await this.db.prisma.message.findMany({
      where: { conversationId, seq: { gt: afterSeq }, private: false, type: { not: 'note' } },
      orderBy: { seq: 'asc' },
    });
    return rows.map(toTranscript);
  }

  async findConversation(conversationId: string): Promise<{ id: string; inboxId: string; userId: string; centreId: string | null; language: string | null } | null> {
    const raw = readConversationSummary(this.db.sqlite, conversationId);
    if (raw !== undefined) return raw;
    const c = await this.db.prisma.conversation.findUnique({ where: { id: conversationId }, include: { contactInbox: { select: { sourceId: true } } } });
    return c ? { id: c.id, inboxId: c.inboxId, userId: c.contactInbox.sourceId, centreId: c.centreId, language: c.language } : null;
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────

  /** The conversation as a turn reads it: always from the database (status and state may change elsewhere). */
  private async conversationRow(conversationId: string): Promise<ConversationRow | null> {
    const raw = readConversation(this.db.sqlite, conversationId);
    if (raw !== undefined) return raw;
    return this.db.prisma.conversation.findUnique({ where: { id: conversationId }, select: CONVERSATION_FIELDS });
  }

  private async conversationRowOrThrow(conversationId: string): Promise<ConversationRow> {
    const row = await this.conversationRow(conversationId);
    if (!row) return this.db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: CONVERSATION_FIELDS });
    return row;
  }

  private async inbox(inboxId: string): Promise<{ centreId: string | null; channel: string }> {
    let inbox = this.inboxes.get(inboxId);
    if (!inbox) {
      const row = await this.db.prisma.inbox.findUnique({ where: { id: inboxId }, select: { centreId: true, channel: true } });
      if (!row) throw new Error(`unknown inbox ${inboxId}`);
      this.inboxes.set(inboxId, (inbox = row));
    }
    return inbox;
  }

  private async centreOfInbox(inboxId: string): Promise<string | undefined> {
    return (await this.inbox(inboxId)).centreId ?? undefined;
  }

  private async createConversation(inboxId: string, userId: string, centreId: string | undefined, language: Language | null) {
    const { prisma } = this.db;
    const identity = await prisma.contactInbox.findUnique({ where: { inboxId_sourceId: { inboxId, sourceId: userId } } });
    const contactInbox =
      identity ??
      (await prisma.contactInbox
        .create({ data: { inbox: { connect: { id: inboxId } }, sourceId: userId, contact: { create: { centreId: centreId ?? null, language } } } })
        // Two first messages of a new user at once: the other one created the identity.
        .catch(() => prisma.contactInbox.findUniqueOrThrow({ where: { inboxId_sourceId: { inboxId, sourceId: userId } } })));
    return prisma.conversation.create({
      data: { inboxId, contactId: contactInbox.contactId, contactInboxId: contactInbox.id, centreId: centreId ?? null, language },
      select: CONVERSATION_FIELDS,
    });
  }

  /** The open conversation of this channel identity, or a new one (push channels). */
  private async conversationFor(envelope: InboundEnvelope): Promise<string | null> {
    const userId = envelope.activity.from?.id;
    if (!userId) return null;
    const existing = await this.db.prisma.conversation.findFirst({
      where: { inboxId: envelope.inboxId, contactInbox: { sourceId: userId }, status: { not: 'resolved' } },
      orderBy: { createdAt: 'desc' },
      select: { id: true },
    });
    if (existing) return existing.id;
    const centreId = envelope.centreId ?? (await this.centreOfInbox(envelope.inboxId));
    // Its first message is answered with the welcome (a conversation without state starts there).
    const created = await this.createConversation(envelope.inboxId, userId, centreId, envelope.language ?? null);
    return created.id;
  }

  private async alreadyStored(inboxId: string, sourceId: string): Promise<boolean> {
    return (await this.db.prisma.message.findUnique({ where: { inboxId_sourceId: { inboxId, sourceId } }, select: { id: true } })) !== null;
  }

  /** The classifier's reading of free text; numbers and commands need none. */
  private async understand(text: string, fallback: Language): Promise<Understanding | undefined> {
    if (!this.classifier || text.trim() === '' || parseNumber(text) !== null || parseCommand(text) !== null) return undefined;
    const started = performance.now();
    const c = await this.classifier.classify(text, { fallback });
    this.observer?.classified((performance.now() - started) / 1000, c.language);
    return { intent: c.intent, score: c.score, alternatives: c.alternatives, language: c.language, languageConfident: c.languageConfident };
  }

  private languageOf(conversation: { language: string | null }): Language {
    return isLanguage(conversation.language) ? conversation.language : 'el';
  }

  /**
   * One turn under the conversation's lock: dialog (pure), then one transaction that stores
   * the incoming message, the replies and the new state. Retried when another replica wrote
   * the conversation in between.
   */
  private async turn(conversationId: string, input: TurnInput | null, incoming: IncomingDraft | null, known?: ConversationRow, opts: TurnOptions = {}): Promise<TurnOutcome> {
    // The same key on every attempt: ports make their writes idempotent with it.
    const turnKey = incoming?.sourceId ?? randomUUID();
    for (let attempt = 0; ; attempt++) {
      const conversation = attempt === 0 && known ? known : await this.conversationRowOrThrow(conversationId);
      const session: Session = { language: isLanguage(conversation.language) ? conversation.language : null, centreId: opts.centreId ?? conversation.centreId };
      let state: DialogState | null = parseState(conversation.state);
      let replies: Reply[] = [];
      let urgent = false;
      const lang = session.language ?? 'el';
      if (conversation.status === 'resolved' && input?.kind === 'message') {
        // The citizen writes again after staff closed it (web chat keeps its conversation): the bot has it.
        await this.statuses.change(conversationId, 'reopen', { actor: { type: 'citizen', id: conversation.contactId } });
        conversation.status = 'bot';
      }
      // The bot answers while no person has the conversation: in 'bot' and in the staff queue
      // ('pending'); it goes quiet when a person took it ('open').
      let runDialog = (conversation.status === 'bot' || conversation.status === 'pending') && input !== null;
      if (input?.kind === 'message') {
        for (const check of this.checks) {
          const result = check({ text: input.text, language: lang, centreId: session.centreId, conversationId, ...(input.nlu ? { intent: input.nlu.intent } : {}) });
          if (!result) continue;
          replies.push(...(result.replies ?? []));
          urgent ||= result.urgent === true;
          if (result.stopDialog) runDialog = false;
        }
      }
      if (input && (runDialog || input.kind === 'start')) {
        const channel = (await this.inbox(conversation.inboxId)).channel;
        const services = this.services?.({ conversationId, contactId: conversation.contactId, inboxId: conversation.inboxId, channel, turnKey }) ?? NO_SERVICES;
        const result = await this.runDialog(state, session, input, services);
        state = result.state;
        replies.push(...result.replies);
        Object.assign(session, result.session);
      } else if (incoming && !input) {
        replies = [{ text: translator(lang)('common:unsupportedAttachment') }];
      }
      try {
        const stored = await this.store(conversation, incoming, replies, state, session.language ?? lang, session, urgent, opts.inline);
        if (incoming) return { status: 'processed', conversationId, incoming: stored[0] ?? null, replies: stored.slice(1) };
        return { status: 'processed', conversationId, incoming: null, replies: stored };
      } catch (err) {
        if (err instanceof StaleConversation && attempt < 5) continue;
        if (isUniqueViolation(err)) {
          // Either this message was stored before (a redelivery) or another process took the
          // sequence numbers (run the turn again on fresh state).
          if (incoming?.sourceId && (await this.alreadyStored(conversation.inboxId, incoming.sourceId))) return { status: 'duplicate', conversationId };
          if (attempt < 5) continue;
        }
        throw err;
      }
    }
  }

  private async runDialog(state: DialogState | null, session: Session, input: TurnInput, services: FlowServices) {
    try {
      return await runTurn(this.flows, this.content, state, session, input, services);
    } catch (err) {
      // A database error inside a port is not the dialog's fault: the turn fails (and is retried
      // by the caller) rather than throwing the citizen back to the start.
      if (isDatabaseError(err)) throw err;
      // A state from an older version that no longer fits the flows: start over, politely.
      return runTurn(this.flows, this.content, null, session, { kind: 'start' }, services);
    }
  }

  /** Stores the turn in one transaction and publishes the new messages after commit. */
  private async store(
    conversation: ConversationRow,
    incoming: IncomingDraft | null,
    replies: Reply[],
    state: DialogState | null,
    language: Language,
    session?: Session,
    urgent = false,
    inline = false,
    staff?: StaffDraft,
  ): Promise<TranscriptMessage[]> {
    const now = new Date();
    let seq = conversation.lastSeq;
    const rows: (MessageRow & { private?: boolean; staffId?: string })[] = [];
    const base = { conversationId: conversation.id, createdAt: now, language };
    // The payloads this turn builds, so publishing its messages needs no JSON re-read.
    const known = new Map<MessageRow, MessagePayload>();
    if (incoming) {
      const row: MessageRow = {
        ...base,
        id: randomUUID(),
        seq: ++seq,
        type: 'incoming',
        senderType: 'contact',
        text: incoming.text,
        sourceId: incoming.sourceId,
        intent: incoming.intent ?? null,
        intentScore: incoming.intentScore ?? null,
        payload: encodePayload({ attachments: incoming.attachments, ...(incoming.clientActivityId ? { clientActivityId: incoming.clientActivityId } : {}) }),
      };
      rows.push(row);
      // Attachments are read back through the payload schema, as stored.
      if (incoming.attachments.length === 0) known.set(row, incoming.clientActivityId ? { clientActivityId: incoming.clientActivityId } : {});
    }
    for (const reply of replies) {
      if (staff) {
        const row = { ...base, id: randomUUID(), seq: ++seq, type: staff.private ? 'note' : 'outgoing', private: staff.private, senderType: 'staff', staffId: staff.staffId, text: reply.text, sourceId: null, payload: staff.payload ? JSON.stringify(staff.payload) : null, language: staff.language ?? language };
        staff.ids.push({ id: row.id, seq: row.seq });
        rows.push(row);
        continue;
      }
      const buttons = (reply.buttons ?? []).map(({ title, value }) => ({ title, value }));
      const row: MessageRow = { ...base, id: randomUUID(), seq: ++seq, type: 'outgoing', senderType: 'bot', text: reply.text, sourceId: null, payload: encodePayload({ buttons }) };
      rows.push(row);
      known.set(row, { buttons });
    }
    const transcriptOf = (row: MessageRow): TranscriptMessage => {
      const payload = known.get(row);
      return payload ? toTranscriptWith(row, payload) : toTranscript(row);
    };
    // Push channels (Telegram, Viber) get their replies through the durable outbox, written in
    // the same transaction; pull channels (web chat, terminal) read the stored transcript.
    const channel = (await this.inbox(conversation.inboxId)).channel;
    const push = PUSH_CHANNELS.has(channel) && !inline;
    const outgoing = rows.filter((r) => r.type === 'outgoing');
    const { prisma } = this.db;
    const stateJson = state ? JSON.stringify(state) : undefined;
    // Built only on the Prisma paths (PostgreSQL, urgent turns, SQLite fallback).
    const conversationUpdate = () => ({
      where: { id: conversation.id, stateVersion: conversation.stateVersion },
      data: {
        lastSeq: seq,
        stateVersion: { increment: 1 },
        lastActivityAt: now,
        ...(stateJson !== undefined ? { state: stateJson } : {}),
        ...(session ? { language: session.language, centreId: session.centreId } : {}),
        ...(urgent ? { urgent: true } : {}),
      },
    });
    const messageRows = rows.map((r) => ({ ...r, inboxId: conversation.inboxId, deliveryStatus: r.type !== 'outgoing' ? 'none' : inline ? 'sent' : push ? 'pending' : 'stored' }));
    const outboxRows = push ? outgoing.map((r) => ({ id: randomUUID(), messageId: r.id, conversationId: conversation.id, inboxId: conversation.inboxId, nextAttemptAt: now })) : [];
    if (!urgent) {
      // The common turn as one transaction. Messages go first: if another process took these
      // sequence numbers, the unique (conversation, seq) constraint rolls the whole of it back.
      // On SQLite it runs as prepared statements on Prisma's own connection (sqlite-turn.ts);
      // otherwise as one batch (a single round of the engine, ~3x faster than an interactive
      // transaction).
      const fast = await storeTurn(this.db.sqlite, messageRows, outboxRows, {
        id: conversation.id,
        stateVersion: conversation.stateVersion,
        lastSeq: seq,
        now,
        state: stateJson,
        language: session?.language,
        centreId: session?.centreId,
      });
      if (fast === 'stale') throw new StaleConversation();
      if (fast === undefined) {
        const results = await prisma.$transaction([
          prisma.message.createMany({ data: messageRows }),
          ...(outboxRows.length ? [prisma.outboxMessage.createMany({ data: outboxRows })] : []),
          prisma.conversation.updateMany(conversationUpdate()),
        ]);
        if ((results.at(-1) as { count: number }).count !== 1) throw new StaleConversation();
      }
      // Internal notes never reach the citizen's live stream (the staff inbox hears of them apart).
      const messages = rows.filter((r) => !r.private).map(transcriptOf);
      this.bus.publish(conversation.id, messages);
      for (const note of rows.filter((r) => r.private)) this.statuses.notify({ kind: 'note.created', conversationId: conversation.id, centreId: conversation.centreId, messageId: note.id });
      if (push && outgoing.length) this.onOutbox?.();
      this.observer?.stored(channel, incoming ? 1 : 0, outgoing.length);
      return messages;
    }
    const queued = await prisma.$transaction(async (tx) => {
      const updated = await tx.conversation.updateMany(conversationUpdate());
      if (updated.count !== 1) throw new StaleConversation();
      await tx.message.createMany({ data: messageRows });
      // Danger puts a bot conversation in the staff queue; one a person already has stays
      // theirs. Guarded on the status (the status machine), so a claim made in between wins.
      const change = await applyTransition(tx, conversation.id, 'queue', { actor: { type: 'system' }, details: { reason: 'emergency' } });
      await writeAudit(tx, { centreId: conversation.centreId, actorType: 'system', action: 'conversation.urgent', entityType: 'Conversation', entityId: conversation.id, details: { queued: change !== null } });
      if (outboxRows.length) await tx.outboxMessage.createMany({ data: outboxRows });
      return change;
    });
    if (queued) this.statuses.announce({ ...queued, urgent: true } satisfies StatusChange);
    else this.statuses.notify({ kind: 'conversation.updated', conversationId: conversation.id, centreId: conversation.centreId });
    const messages = rows.map(transcriptOf);
    this.bus.publish(conversation.id, messages);
    if (push && outgoing.length) this.onOutbox?.();
    this.observer?.stored(channel, incoming ? 1 : 0, outgoing.length);
    return messages;
  }
}

/** What the core reports to the metrics (src/metrics): messages stored, time spent understanding. */
export interface CoreObserver {
  stored(channel: string, incoming: number, outgoing: number): void;
  classified(seconds: number, language: string): void;
}

/** A staff member's message through `store` (and where the ids it got are handed back). */
interface StaffDraft {
  staffId: string;
  private: boolean;
  payload: Record<string, unknown> | null;
  language: string | null;
  ids: { id: string; seq: number }[];
}

interface TurnOptions {
  /** Centre chosen by the channel for this turn (a deep link). */
  centreId?: string | undefined;
  /** Replies go back in the channel's HTTP response, not through the outbox. */
  inline?: boolean | undefined;
}

interface IncomingDraft {
  intent?: string;
  intentScore?: number;
  text: string | null;
  sourceId: string | null;
  clientActivityId: string | null;
  attachments: unknown[];
  buttonTitle?: string | undefined;
}

function clientActivityIdOf(channelData: unknown): string | null {
  if (channelData && typeof channelData === 'object' && 'clientActivityID' in channelData) {
    const id = (channelData as { clientActivityID?: unknown }).clientActivityID;
    return typeof id === 'string' && id.length <= 200 ? id : null;
  }
  return null;
}

function isDatabaseError(err: unknown): boolean {
  return err instanceof Error && (err.name.startsWith('PrismaClient') || err instanceof StaleConversation);
}

function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  // P2002 from Prisma; better-sqlite3's own codes from the SQLite hot path (sqlite-turn.ts).
  return code === 'P2002' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export { inboxIdOf as inboxId };
