import type { Flow } from '../../engine/types.js';
import { personFlow } from '../info.js';

/** The flows of talking to a person (handoff to the staff inbox). */
export const HANDOFF_FLOWS: Flow[] = [personFlow];
