import { z } from 'zod';
import type { Button, TranscriptMessage } from './types.js';

/** Message.payload: what a message carries besides its text. */
export const payloadSchema = z.object({
  buttons: z.array(z.object({ title: z.string(), value: z.string() })).optional(),
  attachments: z.array(z.unknown()).optional(),
  clientActivityId: z.string().optional(),
});
export type MessagePayload = z.infer<typeof payloadSchema>;

export interface MessageRow {
  id: string;
  conversationId: string;
  seq: number;
  type: string;
  senderType: string;
  text: string | null;
  payload: string | null;
  sourceId: string | null;
  language: string | null;
  intent?: string | null;
  intentScore?: number | null;
  createdAt: Date;
}

export function encodePayload(payload: MessagePayload): string | null {
  const clean: MessagePayload = {};
  if (payload.buttons?.length) clean.buttons = payload.buttons;
  if (payload.attachments?.length) clean.attachments = payload.attachments;
  if (payload.clientActivityId) clean.clientActivityId = payload.clientActivityId;
  return Object.keys(clean).length ? JSON.stringify(clean) : null;
}

/** Reads Message.payload; an unreadable payload is an empty one (the text still stands). */
export function decodePayload(raw: string | null): MessagePayload {
  if (!raw) return {};
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function toTranscript(row: MessageRow): TranscriptMessage {
  return toTranscriptWith(row, decodePayload(row.payload));
}

/** As toTranscript, with the payload the caller already holds (a turn's own rows: no JSON re-read). */
export function toTranscriptWith(row: MessageRow, payload: MessagePayload): TranscriptMessage {
  const buttons: Button[] = payload.buttons ?? [];
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    type: row.type as TranscriptMessage['type'],
    senderType: row.senderType as TranscriptMessage['senderType'],
    text: row.text,
    buttons,
    attachments: payload.attachments ?? [],
    sourceId: row.sourceId,
    clientActivityId: payload.clientActivityId ?? null,
    language: row.language,
    createdAt: row.createdAt,
  };
}
