import type { Flow } from '../../engine/types.js';

/** The privacy notice and the consent asked before any personal question. */
export const CONSENT_FLOWS: Flow[] = [];
