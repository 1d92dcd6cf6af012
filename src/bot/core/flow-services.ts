import type { Content } from '../../content/load.js';
import type { Db } from '../../db/client.js';
import type { FlowServices, TurnIdentity } from '../../dialogs/engine/services.js';
import { createHandoffPort } from '../../handoff/port.js';
import { appointmentsPortFactory } from '../../appointments/port.js';
import { createConsentPort } from '../../consent/store.js';
import { createIntakePort } from '../../intake/store.js';
import { createPrivacyPort } from '../../privacy/port.js';
import { DEFAULT_PRIVACY_CONFIG, type PrivacyConfig } from '../../privacy/config.js';
import { createEligibilityPort } from '../../dialogs/flows/eligibility/port.js';

/**
 * The ports the flows get for one turn, backed by the database: appointments, consent and the
 * pre-intake it guards, the citizen's data rights, handoff. Each port lives in its own folder.
 */
export function createFlowServices(db: Db, content: Content, privacy: PrivacyConfig = DEFAULT_PRIVACY_CONFIG): (identity: TurnIdentity) => FlowServices {
  const appointments = appointmentsPortFactory(db, content);
  return (identity) => ({
    identity,
    appointments: appointments(identity),
    handoff: createHandoffPort(db, identity),
    privacy: createPrivacyPort(db, identity, privacy),
    eligibility: createEligibilityPort(db, identity),
    ...consentAndIntake(db, content, identity),
  });
}

/** Consent to the privacy notice, and the pre-intake it guards (none without a notice in content). */
function consentAndIntake(db: Db, content: Content, identity: TurnIdentity): Pick<FlowServices, 'consent' | 'intake'> {
  const consent = createConsentPort(db, content, identity);
  return consent ? { consent, intake: createIntakePort(db, identity) } : {};
}
