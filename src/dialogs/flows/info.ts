/**
 * The menu items that once answered with the centre's phone (booking, handoff, privacy) are
 * real dialogs now, each in its capability's folder.
 */
// The programmes menu item is a real dialog now: programme answers and eligibility screeners.
export { programmesFlow } from './eligibility/programmes.js';
