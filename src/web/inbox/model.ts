/**
 * The inbox's view of the staff API's answers, read defensively: the UI shows what it gets
 * and never trusts a shape it did not check. Pure functions, no DOM (tests run them in node).
 */

/** The inbox's tabs, in this order; `bot` lists conversations staff may take over. */
export const QUEUES = ['pending', 'open', 'bot', 'resolved'] as const;
export type Queue = (typeof QUEUES)[number];
export type Status = Queue;

export const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar', 'fa']);

export interface StaffMember {
  id: string;
  name: string;
  email: string;
  role: string;
  centreId: string;
  centreName: string;
}

export interface ConversationSummary {
  id: string;
  status: Status;
  urgent: boolean;
  language: string | null;
  channel: string | null;
  contactName: string | null;
  preview: string | null;
  lastActivityAt: string | null;
  pendingSince: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  /** From the API when it counts them; null when the inbox has to count from live events. */
  unread: number | null;
  lastSeq: number | null;
}

export type MessageKind = 'incoming' | 'outgoing' | 'activity' | 'note';

export interface TranscriptMessage {
  id: string;
  seq: number;
  kind: MessageKind;
  private: boolean;
  senderType: string;
  staffName: string | null;
  text: string;
  /** The Greek text staff picked when the citizen received a translated canned response. */
  original: string | null;
  /** Button titles the citizen was offered. */
  buttons: string[];
  hasAttachment: boolean;
  language: string | null;
  createdAt: string | null;
  deliveryStatus: string | null;
}

export interface Appointment {
  id: string;
  startsAt: string;
  endsAt: string | null;
  status: string;
  location: string | null;
  reason: string | null;
}

export const REFERRAL_STATUSES = ['suggested', 'sent', 'accepted', 'completed', 'declined'] as const;

export interface Referral {
  id: string;
  serviceName: string;
  status: string;
  note: string | null;
  createdAt: string | null;
}

/** A service of the centre's directory that citizens can be referred to. */
export interface DirectoryEntry {
  key: string;
  name: string;
  category: string | null;
}

export interface ConversationDetail {
  conversation: ConversationSummary;
  messages: TranscriptMessage[];
  /** Pre-intake answers as [field, value] pairs, in the order the API gave them (format.ts shows them). */
  intake: [string, unknown][] | null;
  needs: string[];
  appointments: Appointment[];
  referrals: Referral[];
}

export interface CannedResponse {
  id: string;
  shortCode: string;
  /** Text per language; `el` is what staff pick by. */
  texts: Record<string, string>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A JSON column the API may pass through as a string. */
function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The exact count of a queue when the API gives it (`counts`), else null. */
export function countOf(body: unknown, queue: string): number | null {
  return isObject(body) && isObject(body.counts) ? num(body.counts[queue]) : null;
}

/** The list inside an answer: the array itself or its first array-valued field among `keys`. */
export function listOf(body: unknown, ...keys: string[]): unknown[] {
  if (Array.isArray(body)) return body;
  if (isObject(body)) {
    for (const key of [...keys, 'items', 'data', 'results']) {
      const value = body[key];
      if (Array.isArray(value)) return value;
    }
  }
  return [];
}

const STATUSES: ReadonlySet<string> = new Set(['bot', 'pending', 'open', 'resolved']);

export function readStaff(body: unknown): StaffMember | null {
  const raw = isObject(body) && isObject(body.staff) ? body.staff : isObject(body) && isObject(body.me) ? body.me : body;
  if (!isObject(raw)) return null;
  const id = str(raw.id);
  if (!id) return null;
  const centre = isObject(raw.centre) ? raw.centre : null;
  return {
    id,
    name: str(raw.name) ?? str(raw.email) ?? id,
    email: str(raw.email) ?? '',
    role: str(raw.role) ?? 'worker',
    centreId: str(raw.centreId) ?? str(centre?.id) ?? '',
    centreName: str(raw.centreName) ?? str(centre?.nameEl) ?? str(centre?.name) ?? '',
  };
}

export function readSummary(raw: unknown): ConversationSummary | null {
  if (!isObject(raw)) return null;
  const id = str(raw.id);
  if (!id) return null;
  const contact = isObject(raw.contact) ? raw.contact : null;
  const assignee = isObject(raw.assignee) ? raw.assignee : null;
  const inbox = isObject(raw.inbox) ? raw.inbox : null;
  const last = isObject(raw.lastMessage) ? raw.lastMessage : null;
  const status = str(raw.status) ?? 'pending';
  return {
    id,
    status: (STATUSES.has(status) ? status : 'pending') as Status,
    urgent: raw.urgent === true,
    language: str(raw.language) ?? str(contact?.language),
    channel: str(raw.channel) ?? str(inbox?.channel),
    contactName: str(raw.contactName) ?? str(contact?.name),
    preview: str(raw.preview) ?? str(raw.lastMessageText) ?? str(last?.text),
    lastActivityAt: str(raw.lastActivityAt) ?? str(raw.updatedAt),
    pendingSince: str(raw.pendingSince),
    assigneeId: str(raw.assigneeId) ?? str(assignee?.id),
    assigneeName: str(raw.assigneeName) ?? str(assignee?.name),
    unread: num(raw.unreadCount) ?? num(raw.unread),
    lastSeq: num(raw.lastSeq),
  };
}

function readKind(raw: Json): MessageKind {
  const type = str(raw.type) ?? str(raw.messageType);
  if (raw.private === true || type === 'note') return 'note';
  if (type === 'incoming' || type === 'outgoing' || type === 'activity') return type;
  return str(raw.senderType) === 'contact' || str(raw.senderType) === 'citizen' ? 'incoming' : 'outgoing';
}

/** A message that arrived live joins the transcript once, in order. */
export function mergeMessage(messages: TranscriptMessage[], message: TranscriptMessage): TranscriptMessage[] {
  const others = messages.filter((m) => m.id !== message.id);
  return [...others, message].sort((a, b) => a.seq - b.seq);
}

export function readMessage(raw: unknown, index: number): TranscriptMessage | null {
  if (!isObject(raw)) return null;
  const payload = parsedJson(raw.payload);
  const staff = isObject(raw.staff) ? raw.staff : null;
  const attachments = Array.isArray(raw.attachments) ? raw.attachments : isObject(payload) ? payload.attachments : undefined;
  const kind = readKind(raw);
  const original = isObject(raw.original) ? str(raw.original.text) : null;
  const buttonsRaw = Array.isArray(raw.buttons) ? raw.buttons : isObject(payload) && Array.isArray(payload.buttons) ? payload.buttons : [];
  return {
    id: str(raw.id) ?? `m${index}`,
    seq: num(raw.seq) ?? index,
    kind,
    private: kind === 'note',
    senderType: str(raw.senderType) ?? (kind === 'incoming' ? 'contact' : 'bot'),
    staffName: str(raw.staffName) ?? str(staff?.name),
    text: str(raw.text) ?? '',
    original: original && original !== str(raw.text) ? original : null,
    buttons: buttonsRaw.map((b) => (isObject(b) ? str(b.title) : null)).filter((b): b is string => !!b),
    hasAttachment: Array.isArray(attachments) ? attachments.length > 0 : isObject(payload) && (isObject(payload.location) || isObject(payload.contact) || isObject(payload.file)),
    language: str(raw.language),
    createdAt: str(raw.createdAt),
    deliveryStatus: str(raw.deliveryStatus),
  };
}

function readIntake(raw: unknown): [string, unknown][] | null {
  let intake = parsedJson(raw);
  if (isObject(intake) && isObject(intake.intake)) intake = parsedJson(intake.intake);
  // The stored record is {v, answers, language, channel, updatedAt}: staff need the answers.
  if (isObject(intake) && isObject(intake.answers)) intake = intake.answers;
  if (!isObject(intake)) return null;
  // null is "skipped", an empty list "none": neither is shown.
  const pairs = Object.entries(intake).filter(([key, value]) => key !== 'v' && key !== 'version' && value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0));
  return pairs.length ? pairs : null;
}

export function readReferral(raw: unknown): Referral | null {
  if (!isObject(raw)) return null;
  const id = str(raw.id);
  if (!id) return null;
  const service = isObject(raw.service) ? raw.service : null;
  return { id, serviceName: str(raw.serviceName) ?? str(service?.name) ?? str(raw.serviceKey) ?? '', status: str(raw.status) ?? 'suggested', note: str(raw.note), createdAt: str(raw.createdAt) };
}

export function readDirectoryEntry(raw: unknown): DirectoryEntry | null {
  if (!isObject(raw)) return null;
  const key = str(raw.key);
  if (!key) return null;
  return { key, name: str(raw.name) ?? key, category: str(raw.category) };
}

export function readAppointment(raw: unknown): Appointment | null {
  if (!isObject(raw)) return null;
  const id = str(raw.id);
  const startsAt = str(raw.startsAt);
  if (!id || !startsAt) return null;
  return { id, startsAt, endsAt: str(raw.endsAt), status: str(raw.status) ?? 'booked', location: str(raw.location), reason: str(raw.reason) };
}

/** GET /api/conversations/:id: `{conversation, messages, intake, appointments}` or the conversation with those fields. */
export function readDetail(body: unknown): ConversationDetail | null {
  if (!isObject(body)) return null;
  const conversation = readSummary(isObject(body.conversation) ? { ...body, ...body.conversation } : body);
  if (!conversation) return null;
  const rawMessages = listOf(body.messages ?? body.transcript ?? (isObject(body.conversation) ? body.conversation.messages : undefined), 'messages');
  const messages = rawMessages
    .map((m, i) => readMessage(m, i + 1))
    .filter((m): m is TranscriptMessage => m !== null)
    .sort((a, b) => a.seq - b.seq);
  const caseRaw = isObject(body.case) ? body.case : listOf(body.cases).find(isObject);
  const intakeSource = body.intake ?? caseRaw?.intake;
  const needsRaw = (isObject(body.intake) ? body.intake.needs : undefined) ?? caseRaw?.needs;
  const needs = Array.isArray(needsRaw) ? needsRaw.map(str).filter((n): n is string => !!n) : (str(needsRaw) ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  return {
    conversation,
    messages,
    intake: readIntake(intakeSource),
    needs,
    appointments: listOf(body.appointments, 'appointments')
      .map(readAppointment)
      .filter((a): a is Appointment => a !== null),
    referrals: listOf(body.referrals, 'referrals')
      .map(readReferral)
      .filter((r): r is Referral => r !== null),
  };
}

export function readCanned(raw: unknown): CannedResponse | null {
  if (!isObject(raw)) return null;
  const id = str(raw.id);
  if (!id) return null;
  const texts: Record<string, string> = {};
  const source = parsedJson(raw.texts ?? raw.translations);
  if (isObject(source)) {
    for (const [lang, text] of Object.entries(source)) {
      const value = str(text) ?? (isObject(text) ? str(text.text) : null);
      if (value) texts[lang] = value;
    }
  } else if (Array.isArray(source)) {
    for (const entry of source) {
      if (isObject(entry) && str(entry.language) && str(entry.text)) texts[str(entry.language)!] = str(entry.text)!;
    }
  }
  const greek = str(raw.text) ?? str(raw.content);
  if (greek && !texts.el) texts.el = greek;
  return { id, shortCode: str(raw.shortCode) ?? str(raw.title) ?? id, texts };
}

/** Urgent first; waiting conversations oldest first (fair queue), the others most recent first. */
export function sortQueue(queue: Queue, conversations: ConversationSummary[]): ConversationSummary[] {
  const time = (c: ConversationSummary) => Date.parse((queue === 'pending' ? c.pendingSince ?? c.lastActivityAt : c.lastActivityAt) ?? '') || 0;
  return [...conversations].sort((a, b) => {
    if (a.urgent !== b.urgent) return a.urgent ? -1 : 1;
    return queue === 'pending' ? time(a) - time(b) : time(b) - time(a);
  });
}

export function isRtl(language: string | null | undefined): boolean {
  return !!language && RTL_LANGUAGES.has(language.slice(0, 2).toLowerCase());
}

/** `dir` for a piece of text: rtl for Arabic and Farsi, else let the browser decide from the text. */
export function textDirection(language: string | null | undefined): 'rtl' | 'auto' {
  return isRtl(language) ? 'rtl' : 'auto';
}

/** Staff typing free text to a citizen whose language is not Greek get a nudge towards canned responses. */
export function suggestsCanned(language: string | null, text: string, cannedSelected: boolean, isNote: boolean): boolean {
  return !isNote && !cannedSelected && text.trim().length > 0 && !!language && !language.startsWith('el');
}

/** The text the citizen will receive for a canned response: their language, or Greek when missing. */
export function cannedFor(canned: CannedResponse, language: string | null): { text: string; translated: boolean } {
  const lang = (language ?? 'el').slice(0, 2);
  const own = canned.texts[lang];
  if (own) return { text: own, translated: true };
  return { text: canned.texts.el ?? Object.values(canned.texts)[0] ?? '', translated: lang === 'el' };
}

/** What a live event is about, whatever the API names its fields. */
export interface LiveEvent {
  type: string;
  conversationId: string | null;
  /** A citizen's message (counts as unread when that conversation is not open). */
  incoming: boolean;
  /** An urgent conversation (re)entered the queue: the inbox flashes its notice. */
  urgent: boolean;
  /** The message itself when the event carries it (read with readMessage). */
  message: unknown;
}

export function readEvent(type: string, data: string): LiveEvent {
  let body: unknown = null;
  try {
    body = JSON.parse(data) as unknown;
  } catch {
    body = null;
  }
  const obj = isObject(body) ? body : {};
  const inner = isObject(obj.data) ? obj.data : isObject(obj.payload) ? obj.payload : obj;
  const eventType = str(obj.type) ?? str(obj.event) ?? type;
  const conversation = isObject(inner.conversation) ? inner.conversation : null;
  const message = isObject(inner.message) ? inner.message : null;
  const conversationId = str(inner.conversationId) ?? str(conversation?.id) ?? str(message?.conversationId) ?? (/^conversation/.test(eventType) ? str(inner.id) : null);
  const messageType = str(message?.type) ?? str(inner.messageType) ?? (/^message/.test(eventType) ? str(inner.type) : null);
  return {
    type: eventType,
    conversationId,
    incoming: messageType === 'incoming' || str(message?.senderType) === 'contact',
    urgent: (inner.urgent === true || conversation?.urgent === true) && (inner.to === undefined || inner.to === 'pending'),
    message: message ?? null,
  };
}
