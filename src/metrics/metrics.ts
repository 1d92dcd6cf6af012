import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CoreObserver } from '../bot/core/core.js';

/**
 * The metrics of one app, in a registry of its own (two apps in one process, as in tests,
 * never mix their counts). Counters count what this process did; the queue gauges are read
 * from the database at scrape time, so every replica reports the same shared queues.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Feeds the counters from the conversation core. */
  readonly observer: CoreObserver;
  readonly messages: Counter<'channel' | 'direction'>;
  readonly nluSeconds: Histogram<'language'>;
  readonly databaseUp: Gauge;
  readonly outboxMessages: Gauge<'status'>;
  readonly outboxOldestPendingSeconds: Gauge;
  readonly handoffQueue: Gauge<'centre'>;
  readonly handoffOldestWaitSeconds: Gauge<'centre'>;
  readonly jobs: Gauge<'status'>;
  readonly jobsDue: Gauge;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Process figures (CPU, memory, event loop lag, open handles): free, and the first thing
  // an operator looks at when replies slow down.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const messages = new Counter({
    name: 'kentro_messages_total',
    help: 'Messages stored by the conversation core, by channel and direction (in: from citizens; out: bot and staff replies)',
    labelNames: ['channel', 'direction'] as const,
    registers,
  });
  const nluSeconds = new Histogram({
    name: 'kentro_nlu_classify_seconds',
    help: 'Time to classify one free-text message (language detection and intent)',
    labelNames: ['language'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  const metrics: Metrics = {
    registry,
    messages,
    nluSeconds,
    observer: {
      stored(channel, incoming, outgoing) {
        if (incoming > 0) messages.inc({ channel, direction: 'in' }, incoming);
        if (outgoing > 0) messages.inc({ channel, direction: 'out' }, outgoing);
      },
      classified(seconds, language) {
        nluSeconds.observe({ language }, seconds);
      },
    },
    databaseUp: new Gauge({ name: 'kentro_database_up', help: '1 when the database answered the queue queries of this scrape, 0 otherwise', registers }),
    outboxMessages: new Gauge({
      name: 'kentro_outbox_messages',
      help: 'Outbox rows (replies for push channels) by status: pending = waiting to be delivered, dead = gave up (see kentro outbox list --dead)',
      labelNames: ['status'] as const,
      registers,
    }),
    outboxOldestPendingSeconds: new Gauge({
      name: 'kentro_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest outbox row still waiting to be delivered (0 when none)',
      registers,
    }),
    handoffQueue: new Gauge({
      name: 'kentro_handoff_queue_conversations',
      help: 'Conversations waiting for a person (status pending), by centre',
      labelNames: ['centre'] as const,
      registers,
    }),
    handoffOldestWaitSeconds: new Gauge({
      name: 'kentro_handoff_oldest_wait_seconds',
      help: 'How long the longest-waiting conversation of the staff queue has waited, by centre (0 when none)',
      labelNames: ['centre'] as const,
      registers,
    }),
    jobs: new Gauge({
      name: 'kentro_jobs',
      help: 'Durable jobs (reminders, purges, erasures) by status: queued (incl. scheduled later), running, dead',
      labelNames: ['status'] as const,
      registers,
    }),
    jobsDue: new Gauge({ name: 'kentro_jobs_due', help: 'Queued jobs whose time has come (the job queue backlog)', registers }),
  };
  return metrics;
}
