import type { FastifyError, FastifyReply } from 'fastify';
import { isDatabaseUnavailable } from '../../../db/client.js';

/**
 * Every error the Direct Line endpoint answers with, as RFC 9457 problem details. One catalogue,
 * so a client (and a test) can branch on `type` instead of parsing prose.
 */
const CATALOGUE = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  'empty-message': { status: 400, title: 'The message is empty' },
  'text-too-long': { status: 400, title: 'The message is too long' },
  'unsupported-activity': { status: 400, title: 'This activity type is not supported' },
  'unknown-centre': { status: 400, title: 'No such Community Centre' },
  'missing-token': { status: 401, title: 'A Direct Line token is required' },
  'invalid-token': { status: 403, title: 'The token is not valid' },
  'expired-token': { status: 403, title: 'The token has expired' },
  'wrong-conversation': { status: 403, title: 'The token belongs to another conversation' },
  'unknown-conversation': { status: 404, title: 'No such conversation' },
  'not-found': { status: 404, title: 'No such Direct Line endpoint' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-attachment': { status: 415, title: 'Files and attachments are not supported in this chat' },
  'unsupported-media-type': { status: 415, title: 'Send JSON (application/json)' },
  'rate-limited': { status: 429, title: 'Too many messages' },
  internal: { status: 500, title: 'Something went wrong on our side' },
  unavailable: { status: 503, title: 'The chat is briefly unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof CATALOGUE;

/** What a client is told to wait while the database is away (a restart takes seconds). */
const RETRY_AFTER_SECONDS = 5;

export const PROBLEM_TYPE_PREFIX = 'urn:kentro:problem:';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

/** A domain error that the error handler turns into a problem+json answer. */
export class Problem extends Error {
  override readonly name = 'Problem';
  readonly status: number;

  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? CATALOGUE[code].title);
    this.status = CATALOGUE[code].status;
  }

  body(): ProblemBody {
    const { status, title } = CATALOGUE[this.code];
    return { type: PROBLEM_TYPE_PREFIX + this.code, title, status, ...(this.detail ? { detail: this.detail } : {}), ...this.extensions };
  }
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="kentro-directline"');
  const retryAfter = problem.extensions.retryAfter;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem.body());
}

/** Fastify's own errors (body parsing, size, content type) in the same catalogue. */
export function problemFromError(err: FastifyError | Error): Problem {
  if (err instanceof Problem) return err;
  const code = 'code' in err ? err.code : undefined;
  const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new Problem('invalid-request', 'The body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Problem('payload-too-large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new Problem('unsupported-media-type');
  }
  if (isDatabaseUnavailable(err)) return new Problem('unavailable', 'Nothing was lost; send it again in a few seconds.', { retryAfter: RETRY_AFTER_SECONDS });
  if (status === 400 || code === 'FST_ERR_VALIDATION') return new Problem('invalid-request', err.message);
  if (status === 413) return new Problem('payload-too-large');
  if (status === 415) return new Problem('unsupported-media-type');
  return new Problem('internal');
}
