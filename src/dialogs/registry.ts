import type { FlowRegistry } from './engine/engine.js';
import type { Flow } from './engine/types.js';
import { centreInfoFlow } from './flows/centre-info.js';
import { programmesFlow } from './flows/info.js';
import { APPOINTMENT_FLOWS } from './flows/appointments/index.js';
import { CONSENT_FLOWS } from './flows/consent/index.js';
import { HANDOFF_FLOWS } from './flows/handoff/index.js';
import { INTAKE_FLOWS } from './flows/intake/index.js';
import { PRIVACY_FLOWS } from './flows/privacy/index.js';
import { centreChoiceFlow, languageFlow } from './flows/language.js';
import { menuFlow } from './flows/menu.js';
import { welcomeFlow } from './flows/welcome.js';
import { clarifyFlow, handoffOfferFlow, switchLanguageFlow } from './flows/clarify.js';
import { eligibilityOfferFlow } from './flows/eligibility/offer.js';
import { SCREENER_FLOWS } from './flows/eligibility/screener.js';
import { understandText } from './understanding.js';

const FLOWS: Flow[] = [
  welcomeFlow, menuFlow, languageFlow, centreChoiceFlow, centreInfoFlow, programmesFlow,
  clarifyFlow, switchLanguageFlow, handoffOfferFlow, eligibilityOfferFlow, ...SCREENER_FLOWS,
  // One list per capability, owned by its folder.
  ...APPOINTMENT_FLOWS, ...CONSENT_FLOWS, ...INTAKE_FLOWS, ...PRIVACY_FLOWS, ...HANDOFF_FLOWS,
];

/**
 * Buttons that act wherever the conversation is, by value prefix → the flow that receives the
 * whole value in its slot `action` (e.g. a reminder's "cancel" pressed days later).
 */
export const ACTION_FLOWS: Record<string, string> = {
  // A reminder's I'll come / change / cancel (src/appointments/reminders.ts).
  'appt:': 'appointment-action',
};

/** Every flow of the bot, by id. */
export function createFlowRegistry(flows: Flow[] = FLOWS): FlowRegistry {
  const byId = new Map(flows.map((f) => [f.id, f]));
  return {
    welcome: 'welcome',
    menu: 'menu',
    language: 'language',
    fallback: 'handoff-offer',
    understand: understandText,
    action(value) {
      const prefix = Object.keys(ACTION_FLOWS).find((p) => value.startsWith(p));
      return prefix ? { flow: ACTION_FLOWS[prefix]!, slots: { action: value } } : null;
    },
    get(id) {
      const flow = byId.get(id);
      if (!flow) throw new Error(`unknown flow ${id}`);
      return flow;
    },
  };
}
