import { z } from 'zod';
import type { Json } from './types.js';

/** Dialog state v1, stored as JSON in Conversation.state. Bump `v` and migrate in parseState. */
export const STATE_VERSION = 1;

const json: z.ZodType<Json> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]));

const frameSchema = z.object({ flow: z.string(), step: z.string(), slots: z.record(z.string(), json) });

export const stateSchema = z.object({
  v: z.literal(STATE_VERSION),
  flow: z.string(),
  step: z.string(),
  slots: z.record(z.string(), json),
  /** Previous steps, most recent last, for "back". */
  back: z.array(frameSchema),
  /** Answers in a row the bot did not understand. */
  misunderstood: z.number().int().min(0),
});

export type DialogState = z.infer<typeof stateSchema>;
export type Frame = z.infer<typeof frameSchema>;

/** Steps kept for "back"; older ones are dropped. */
export const MAX_BACK = 20;

/**
 * Reads a stored state. An empty, unreadable or older state starts over rather than failing
 * the citizen's turn (the transcript keeps what they said).
 */
export function parseState(raw: string | null | undefined): DialogState | null {
  if (!raw) return null;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
