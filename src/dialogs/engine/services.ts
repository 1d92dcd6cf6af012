/**
 * The ports through which steps reach the world outside the dialog. The core gives them for
 * the conversation of each turn (src/bot/core/flow-services.ts); transcript tests give none or
 * their own. A port's writes must be idempotent per `turnKey`: a turn that lost a race with
 * another replica is run again with the same key.
 */

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
}

/** No ports: flows that need one say the service is unavailable. */
export const NO_SERVICES: FlowServices = Object.freeze({});
