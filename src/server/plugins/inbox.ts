import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { projectPath } from '../../config/paths.js';

/**
 * The staff inbox at /inbox: one HTML shell, one stylesheet and one script bundled by esbuild
 * from src/web/inbox (Preact + TypeScript) the first time it is asked for, then kept in memory.
 * No build step to forget at install time, and ~0.2 s once per process.
 */
export const INBOX_DIR = projectPath('src', 'web', 'inbox');

/** No inline script or style, nothing from another origin; the API and its event stream are same-origin. */
export const INBOX_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  body: string;
  type: string;
  etag: string;
}

function asset(body: string, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** Bundles src/web/inbox/main.tsx (and Preact) into one ES module. */
export async function bundleInbox(minify = true): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [projectPath('src', 'web', 'inbox', 'main.tsx')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['es2020'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify,
    legalComments: 'none',
    logLevel: 'silent',
    tsconfig: projectPath('src', 'web', 'inbox', 'tsconfig.json'),
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no output for the inbox');
  return out.text;
}

// One build per process, shared by every app instance (tests build many apps).
let script: Promise<Asset> | undefined;
function inboxScript(): Promise<Asset> {
  script ??= bundleInbox().then(
    (body) => asset(body, 'text/javascript; charset=utf-8'),
    (err: unknown) => {
      script = undefined; // let the next request try again
      throw err;
    },
  );
  return script;
}

const files = new Map<string, Promise<Asset>>();
function inboxFile(name: 'index.html' | 'inbox.css', type: string): Promise<Asset> {
  let file = files.get(name);
  if (!file) {
    file = readFile(`${INBOX_DIR}/${name}`, 'utf8').then((body) => asset(body, type));
    files.set(name, file);
  }
  return file;
}

function send(request: FastifyRequest, reply: FastifyReply, file: Asset): FastifyReply {
  reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('etag', file.etag).header('cache-control', 'no-cache');
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  return reply.type(file.type).send(file.body);
}

async function routes(app: FastifyInstance): Promise<void> {
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('content-security-policy', INBOX_CSP).header('x-frame-options', 'DENY');
    return send(request, reply, await inboxFile('index.html', 'text/html; charset=utf-8'));
  };
  app.get('/inbox', page);
  app.get('/inbox/', page);
  app.get('/inbox/inbox.css', async (request, reply) => send(request, reply, await inboxFile('inbox.css', 'text/css; charset=utf-8')));
  app.get('/inbox/app.js', async (request, reply) => send(request, reply, await inboxScript()));
}

export const inboxPlugin = fp(routes, { name: 'inbox' });
