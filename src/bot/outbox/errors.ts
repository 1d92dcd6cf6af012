/**
 * How a failed send should be treated:
 * - `retry`: the channel is busy or down (429, 5xx, network); try again later, with backoff or
 *   after `retryAfterMs` when the channel says how long to wait;
 * - `permanent`: the request itself is wrong (400); retrying cannot help, so it is dead at once
 *   and stays visible for staff;
 * - `unsubscribed`: the citizen blocked the bot or unsubscribed; stop sending to them.
 */
export type DeliveryFailure = 'retry' | 'permanent' | 'unsubscribed';

/** A send that did not go through. The message is safe for logs: never tokens or citizen text. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly failure: DeliveryFailure,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Anything thrown that is not a DeliveryError (a bug, a timeout) is retried with backoff. */
export function asDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const name = err instanceof Error ? err.name : 'Error';
  const code = typeof err === 'object' && err !== null && 'code' in err ? ` ${String((err as { code: unknown }).code)}` : '';
  return new DeliveryError('retry', `${name}${code}`);
}
