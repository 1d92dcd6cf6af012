import type { Flow } from '../../engine/types.js';

/** The pre-intake questionnaire. */
export const INTAKE_FLOWS: Flow[] = [];
