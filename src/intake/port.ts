import type { Language } from '../bot/core/types.js';
import type { IntakeAnswers } from './answers.js';

/** The pre-intake of the contact of the current turn, stored as their open Case at a centre. */
export interface IntakePort {
  /** The answers of the contact's open case at this centre (status new or in progress), or null. */
  current(centreId: string): Promise<{ caseId: string; answers: IntakeAnswers } | null>;
  /**
   * Creates the open case, or updates the one there is (so running the intake again corrects
   * it rather than adding a case). Idempotent: a re-run turn writes the same case.
   */
  save(answers: IntakeAnswers, p: { centreId: string; language: Language }): Promise<{ caseId: string; created: boolean }>;
}
