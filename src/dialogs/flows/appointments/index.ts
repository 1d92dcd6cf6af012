import type { Flow } from '../../engine/types.js';
import { bookFlow } from './book.js';
import { actionFlow, cancelFlow, changeFlow, entryFlow } from './manage.js';

/** The flows of booking, listing, cancelling and rescheduling appointments. */
export const APPOINTMENT_FLOWS: Flow[] = [entryFlow, bookFlow, cancelFlow, changeFlow, actionFlow];
