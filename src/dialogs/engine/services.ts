/**
 * The ports through which steps reach the world outside the dialog. The core gives them for
 * the conversation of each turn (src/bot/core/flow-services.ts); transcript tests give none or
 * their own. A port's writes must be idempotent per `turnKey`: a turn that lost a race with
 * another replica is run again with the same key.
 */
import type { HandoffPort } from '../../handoff/port.js';
import type { ConsentPort } from '../../consent/port.js';
import type { IntakePort } from '../../intake/port.js';
import type { AppointmentsPort } from '../../appointments/port.js';
import type { PrivacyPort } from '../flows/privacy/port.js';
import type { EligibilityPort } from '../flows/eligibility/port.js';

/** Who the turn is about. */
export interface TurnIdentity {
  conversationId: string;
  contactId: string;
  inboxId: string;
  /** webchat, telegram, viber, terminal, azure. */
  channel: string;
  /** Stable across re-runs of the same turn (the inbound message's id, or one made per turn). */
  turnKey: string;
}

export interface FlowServices {
  readonly identity?: TurnIdentity;
  /** The contact's consent to the privacy notice (src/consent). */
  readonly consent?: ConsentPort;
  /** The contact's pre-intake, stored as their open case (src/intake). */
  readonly intake?: IntakePort;
  /** Puts the conversation in the staff queue (src/handoff). */
  readonly handoff?: HandoffPort;
  /** Free slots, booking, cancelling and moving the contact's appointments (src/appointments). */
  readonly appointments?: AppointmentsPort;
  /** What is stored about the contact, its download link, and erasure (src/privacy). */
  readonly privacy?: PrivacyPort;
  /** Records the screeners' results as codes, for the monthly reports. */
  readonly eligibility?: EligibilityPort;
}

/** No ports: flows that need one say the service is unavailable. */
export const NO_SERVICES: FlowServices = Object.freeze({});
