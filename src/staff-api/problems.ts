import type { FastifyReply } from 'fastify';

/** An API error as RFC 9457 problem details; thrown from routes, answered by the error handler. */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): ApiProblem {
  return new ApiProblem(status, code, detail, extra);
}

export const notFound = (what = 'conversation'): ApiProblem => problem(404, 'not-found', `no such ${what}`);

export function sendProblem(reply: FastifyReply, p: ApiProblem): FastifyReply {
  return reply
    .code(p.status)
    .type('application/problem+json')
    .send({ type: `urn:kentro:problem:${p.code}`, title: TITLES[p.status] ?? 'Error', status: p.status, detail: p.message, code: p.code, ...p.extra });
}
