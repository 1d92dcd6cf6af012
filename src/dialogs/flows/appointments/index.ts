import type { Flow } from '../../engine/types.js';
import { appointmentsFlow } from '../info.js';

/** The flows of booking, listing, cancelling and rescheduling appointments. */
export const APPOINTMENT_FLOWS: Flow[] = [appointmentsFlow];
