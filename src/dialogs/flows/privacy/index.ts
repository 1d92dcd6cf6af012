import type { Flow } from '../../engine/types.js';
import { privacyFlow } from '../info.js';

/** The flows of the citizen's data rights: what is stored, export, erasure. */
export const PRIVACY_FLOWS: Flow[] = [privacyFlow];
