import type { FlowRegistry } from './engine/engine.js';
import type { Flow } from './engine/types.js';
import { centreInfoFlow } from './flows/centre-info.js';
import { appointmentsFlow, personFlow, privacyFlow, programmesFlow } from './flows/info.js';
import { centreChoiceFlow, languageFlow } from './flows/language.js';
import { menuFlow } from './flows/menu.js';
import { welcomeFlow } from './flows/welcome.js';
import { clarifyFlow, handoffOfferFlow, switchLanguageFlow } from './flows/clarify.js';
import { eligibilityOfferFlow } from './flows/eligibility/offer.js';
import { SCREENER_FLOWS } from './flows/eligibility/screener.js';
import { understandText } from './understanding.js';

const FLOWS: Flow[] = [
  welcomeFlow, menuFlow, languageFlow, centreChoiceFlow, centreInfoFlow, programmesFlow, appointmentsFlow, personFlow, privacyFlow,
  clarifyFlow, switchLanguageFlow, handoffOfferFlow, eligibilityOfferFlow, ...SCREENER_FLOWS,
];

/** Every flow of the bot, by id. */
export function createFlowRegistry(flows: Flow[] = FLOWS): FlowRegistry {
  const byId = new Map(flows.map((f) => [f.id, f]));
  return {
    welcome: 'welcome',
    menu: 'menu',
    language: 'language',
    fallback: 'handoff-offer',
    understand: understandText,
    get(id) {
      const flow = byId.get(id);
      if (!flow) throw new Error(`unknown flow ${id}`);
      return flow;
    },
  };
}
