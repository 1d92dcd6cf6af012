import type { Language } from '../bot/core/types.js';

/**
 * `personal`: the pre-intake and booking (name, phone, household, needs).
 * `special`: special-category data (GDPR art. 9: health, disability, origin, asylum, violence),
 * asked separately and only before the question that needs it.
 */
export const CONSENT_KINDS = ['personal', 'special'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/** The consent of the contact of the current turn, for the current privacy notice. */
export interface ConsentPort {
  /** The notice version consent is asked for (content/privacy/notice.yaml). */
  readonly noticeVersion: string;
  /**
   * True when the contact's latest decision of this kind was "yes" to the current notice
   * version and was not withdrawn.
   */
  granted(kind?: ConsentKind): Promise<boolean>;
  /** Stores a decision (yes or no), with the notice version, time, channel and language. Idempotent. */
  record(granted: boolean, language: Language, kind?: ConsentKind): Promise<void>;
  /** Withdraws every consent of this kind the contact gave (the records stay, marked withdrawn). */
  withdraw(kind?: ConsentKind): Promise<void>;
}
