import { readEvent, type LiveEvent } from './model.js';

/**
 * Server-Sent Events from /api/events (the session cookie authenticates it). EventSource
 * reconnects by itself; every (re)connection tells the app to re-read what it shows, so
 * nothing missed while offline stays missing.
 */
const EVENT_NAMES = [
  'ready',
  'message',
  'conversation',
  'conversation.created',
  'conversation.updated',
  'conversation.status',
  'conversation.claimed',
  'conversation.assigned',
  'conversation.handback',
  'conversation.resolved',
  'conversation.urgent',
  'conversation.pending',
  'message.created',
  'message.updated',
  'message.delivery',
  'handoff',
  'canned-response.created',
];

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export function connectLive(onEvent: (event: LiveEvent) => void, onStatus: (status: LiveStatus) => void, url = '/api/events'): () => void {
  const source = new EventSource(url);
  onStatus('connecting');
  source.addEventListener('open', () => onStatus('live'));
  source.addEventListener('error', () => onStatus('reconnecting'));
  const handler = (event: Event) => {
    const message = event as MessageEvent<string>;
    onEvent(readEvent(message.type, typeof message.data === 'string' ? message.data : ''));
  };
  for (const name of EVENT_NAMES) source.addEventListener(name, handler);
  // A closed source (the server answered 401/404 instead of a stream) is retried slowly.
  let retry: number | undefined;
  const watchdog = window.setInterval(() => {
    if (source.readyState === EventSource.CLOSED && retry === undefined) {
      onStatus('reconnecting');
      retry = window.setTimeout(() => {
        stop();
        stopNext = connectLive(onEvent, onStatus, url);
      }, 5_000);
    }
  }, 2_000);
  let stopNext: (() => void) | undefined;
  function stop(): void {
    window.clearInterval(watchdog);
    if (retry !== undefined) window.clearTimeout(retry);
    source.close();
  }
  return () => {
    stop();
    stopNext?.();
  };
}
