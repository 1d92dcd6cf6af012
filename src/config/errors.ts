/**
 * An error that stops start-up or a CLI command with one clear line for the operator
 * (no stack trace) and exit code 1.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}
