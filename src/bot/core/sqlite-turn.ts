import type { Database, Statement } from 'better-sqlite3';
import { prepareOnConnection } from '../../db/client.js';

/**
 * The message hot path on SQLite without Prisma's query engine: the same rows, columns and
 * encodings Prisma writes (dates as ISO 8601 with "+00:00", booleans as 0/1, updatedAt set),
 * on the very connection Prisma uses (Db.sqlite), with statements prepared once. Measured
 * (bench/statements.ts, npm run bench): a Prisma statement costs ~0.15–0.3 ms of CPU, one of
 * these ~0.02 ms.
 *
 * The Prisma path in core.ts stays for PostgreSQL and urgent turns: a column added to
 * Message, OutboxMessage or Conversation must be written here too (tests/bot/sqlite-turn.test.ts
 * reads these rows back through Prisma).
 *
 * Every function returns `undefined` when it cannot run here (no raw connection, or Prisma
 * has a transaction open on it: our statements would join it), and the caller then takes the
 * Prisma path, which waits for the adapter's lock. Writes run in synchronous transactions (see
 * storeTurn), so nothing else on this thread can interleave with them.
 */

export interface ConversationRecord {
  id: string;
  inboxId: string;
  contactId: string;
  centreId: string | null;
  language: string | null;
  status: string;
  state: string;
  stateVersion: number;
  lastSeq: number;
}

export interface ConversationSummary {
  id: string;
  inboxId: string;
  userId: string;
  centreId: string | null;
  language: string | null;
}

export interface MessageInsert {
  id: string;
  conversationId: string;
  inboxId: string;
  seq: number;
  type: string;
  private?: boolean;
  senderType: string;
  staffId?: string;
  sourceId: string | null;
  text: string | null;
  payload: string | null;
  language: string | null;
  intent?: string | null;
  intentScore?: number | null;
  deliveryStatus: string;
  createdAt: Date;
}

export interface OutboxInsert {
  id: string;
  messageId: string;
  conversationId: string;
  inboxId: string;
  nextAttemptAt: Date;
}

export interface ConversationWrite {
  id: string;
  stateVersion: number;
  lastSeq: number;
  now: Date;
  /** Left as it is when undefined (as Prisma skips undefined fields). */
  state?: string | undefined;
  language?: string | null | undefined;
  centreId?: string | null | undefined;
}

/** A timestamp as Prisma's better-sqlite3 adapter stores it (timestampFormat iso8601). */
export function sqliteDate(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

const statements = new WeakMap<Database, Map<string, Statement>>();

/** Told of every statement run here (bench/statements.ts counts them). */
export const statementTap: { onStatement?: ((sql: string) => void) | undefined } = {};

function statement(db: Database, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = prepareOnConnection(db, sql)));
  statementTap.onStatement?.(sql);
  return s;
}

function usable(db: Database | undefined): db is Database {
  return db !== undefined && db.open && !db.inTransaction;
}

const CONVERSATION_SQL =
  'SELECT "id", "inboxId", "contactId", "centreId", "language", "status", "state", "stateVersion", "lastSeq" FROM "Conversation" WHERE "id" = ?';

/** The conversation row a turn works on; null when it does not exist. */
export function readConversation(db: Database | undefined, id: string): ConversationRecord | null | undefined {
  if (!usable(db)) return undefined;
  return (statement(db, CONVERSATION_SQL).get(id) as ConversationRecord | undefined) ?? null;
}

const SUMMARY_SQL =
  'SELECT c."id", c."inboxId", ci."sourceId" AS "userId", c."centreId", c."language" FROM "Conversation" c JOIN "ContactInbox" ci ON ci."id" = c."contactInboxId" WHERE c."id" = ?';

/** A conversation with the channel identity it belongs to (the web chat token check). */
export function readConversationSummary(db: Database | undefined, id: string): ConversationSummary | null | undefined {
  if (!usable(db)) return undefined;
  return (statement(db, SUMMARY_SQL).get(id) as ConversationSummary | undefined) ?? null;
}

const MESSAGE_SQL =
  'INSERT INTO "Message" ("id", "conversationId", "inboxId", "seq", "type", "private", "senderType", "staffId", "sourceId", "text", "payload", "language", "intent", "intentScore", "deliveryStatus", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const OUTBOX_SQL =
  'INSERT INTO "OutboxMessage" ("id", "messageId", "conversationId", "inboxId", "status", "attempts", "nextAttemptAt", "createdAt") VALUES (?, ?, ?, ?, \'pending\', 0, ?, ?)';

function updateSql(w: ConversationWrite): string {
  const set = ['"lastSeq" = ?', '"stateVersion" = "stateVersion" + 1', '"lastActivityAt" = ?', '"updatedAt" = ?'];
  if (w.state !== undefined) set.push('"state" = ?');
  if (w.language !== undefined) set.push('"language" = ?');
  if (w.centreId !== undefined) set.push('"centreId" = ?');
  return `UPDATE "Conversation" SET ${set.join(', ')} WHERE "id" = ? AND "stateVersion" = ?`;
}

/**
 * Stores a turn: the messages, their outbox rows and the conversation's new state, atomically.
 * 'stale' (nothing written) when the conversation's stateVersion moved; a unique violation
 * (another writer took the sequence numbers, a redelivered sourceId) rejects with
 * better-sqlite3's SqliteError (code SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY), nothing written.
 * `undefined`: not possible here (see above), use Prisma.
 *
 * Group commit: the turns stored in the same turn of the event loop share one transaction,
 * each inside its own savepoint (so each is all or nothing, and one turn's failure leaves the
 * others alone), and each promise settles only after the COMMIT. On this machine a COMMIT in
 * WAL mode costs 0.2–0.4 ms whatever it carries (the pages it touches are written to the WAL),
 * far more than the turn's statements.
 */
export function storeTurn(db: Database | undefined, messages: MessageInsert[], outbox: OutboxInsert[], conversation: ConversationWrite): Promise<'stored' | 'stale' | undefined> {
  if (db === undefined || !db.open) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    let batch = batches.get(db);
    if (!batch) {
      batches.set(db, (batch = []));
      setImmediate(() => flush(db));
    }
    batch.push({ messages, outbox, conversation, resolve, reject });
  });
}

interface PendingTurn {
  messages: MessageInsert[];
  outbox: OutboxInsert[];
  conversation: ConversationWrite;
  resolve: (outcome: 'stored' | 'stale' | undefined) => void;
  reject: (err: unknown) => void;
}

const batches = new WeakMap<Database, PendingTurn[]>();

function flush(db: Database): void {
  const batch = batches.get(db) ?? [];
  batches.delete(db);
  // Prisma holds a transaction open on the connection (or it closed): its path waits its turn.
  if (!usable(db)) {
    for (const turn of batch) turn.resolve(undefined);
    return;
  }
  const outcomes: ({ ok: 'stored' | 'stale' } | { err: unknown })[] = [];
  try {
    statement(db, 'BEGIN').run();
    for (const turn of batch) {
      statement(db, 'SAVEPOINT turn').run();
      try {
        const ok = writeTurn(db, turn);
        if (ok === 'stale') statement(db, 'ROLLBACK TO turn').run();
        outcomes.push({ ok });
      } catch (err) {
        statement(db, 'ROLLBACK TO turn').run();
        outcomes.push({ err });
      }
      statement(db, 'RELEASE turn').run();
    }
    statement(db, 'COMMIT').run();
  } catch (err) {
    // The transaction itself failed (busy, disk): nothing of the batch is stored.
    if (db.inTransaction) statement(db, 'ROLLBACK').run();
    for (const turn of batch) turn.reject(err);
    return;
  }
  batch.forEach((turn, i) => {
    const outcome = outcomes[i]!;
    if ('ok' in outcome) turn.resolve(outcome.ok);
    else turn.reject(outcome.err);
  });
}

function writeTurn(db: Database, { messages, outbox, conversation }: PendingTurn): 'stored' | 'stale' {
  const now = sqliteDate(conversation.now);
  const args: unknown[] = [conversation.lastSeq, now, now];
  if (conversation.state !== undefined) args.push(conversation.state);
  if (conversation.language !== undefined) args.push(conversation.language);
  if (conversation.centreId !== undefined) args.push(conversation.centreId);
  args.push(conversation.id, conversation.stateVersion);
  for (const m of messages) {
    statement(db, MESSAGE_SQL).run(
      m.id,
      m.conversationId,
      m.inboxId,
      m.seq,
      m.type,
      m.private ? 1 : 0,
      m.senderType,
      m.staffId ?? null,
      m.sourceId,
      m.text,
      m.payload,
      m.language,
      m.intent ?? null,
      m.intentScore ?? null,
      m.deliveryStatus,
      sqliteDate(m.createdAt),
    );
  }
  for (const o of outbox) statement(db, OUTBOX_SQL).run(o.id, o.messageId, o.conversationId, o.inboxId, sqliteDate(o.nextAttemptAt), now);
  // Last: the version guard. A change count other than 1 means another writer got there first.
  return statement(db, updateSql(conversation)).run(...args).changes === 1 ? 'stored' : 'stale';
}
