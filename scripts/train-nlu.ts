// Trains the intent model once and caches it under generated/nlu/ (run by postinstall and
// by the test setup), so `kentro serve` loads a file at start-up instead of training.
import { IntentClassifier } from '../src/nlu/classifier.js';

const started = performance.now();
await IntentClassifier.create();
console.log(`NLU model ready in ${((performance.now() - started) / 1000).toFixed(1)} s (generated/nlu/)`);
