import type { ContactData } from '../../../privacy/collect.js';
import type { RetentionSettings } from '../../../privacy/retention.js';

/** What the privacy flow needs from outside the dialog (src/privacy/port.ts builds it). */
export interface PrivacyPort {
  /** Everything stored about the citizen of this conversation, or null when nothing is. */
  summary(): Promise<ContactData | null>;
  /** How long each kind of data is kept. */
  retention(): RetentionSettings;
  /** A short-lived download link of that data as JSON, or null when the service has no public address. */
  exportLink(): Promise<string | null>;
  /**
   * Schedules the erasure of the citizen's data a little later, once this turn's reply has gone
   * out. Idempotent (one erasure per contact is queued).
   */
  requestErasure(): Promise<void>;
}
