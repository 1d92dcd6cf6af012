// Entry of the retrain worker thread when kentro runs its TypeScript sources (bin/kentro.js,
// vitest, tsx): a worker does not inherit the main thread's tsx hooks, so it registers its own,
// as bin/kentro.js does. The compiled build (dist/) starts retrain-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./retrain-worker.ts');
