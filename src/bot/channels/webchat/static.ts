import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic, { type SetHeadersResponse } from '@fastify/static';
import { projectPath } from '../../../config/paths.js';

/** Web Chat's single-file browser bundle, served from our own origin (no CDN). */
export function webChatBundleDir(): string {
  // The package exports no package.json; its CommonJS entry sits in lib/, the bundle in dist/.
  return join(dirname(createRequire(import.meta.url).resolve('botframework-webchat')), '..', 'dist');
}

/**
 * Our pages load scripts only from this origin; Web Chat injects its styles (emotion) and talks
 * to the Direct Line endpoint and its WebSocket on the same origin.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

function setHeaders(res: SetHeadersResponse, path: string): void {
  res.setHeader('x-content-type-options', 'nosniff');
  if (path.endsWith('.html')) {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('referrer-policy', 'same-origin');
    res.setHeader('cache-control', 'no-cache');
  } else if (path.endsWith('webchat.js')) {
    // Municipality sites embed /webchat.js by URL: a short cache lets fixes reach them the same day.
    res.setHeader('cache-control', 'public, max-age=300');
  } else {
    res.setHeader('cache-control', 'public, max-age=3600');
  }
}

/** `/` (the demo municipality page), `/webchat.js` (the one-tag embed) and the Web Chat bundle. */
export const staticRoutes: FastifyPluginAsync = async (app) => {
  // wildcard: false registers one route per file in public/ (and / for index.html) instead of a
  // catch-all, so other plugins keep their own 404s and routes.
  await app.register(fastifyStatic, { root: projectPath('public'), wildcard: false, cacheControl: false, setHeaders });

  const bundleDir = webChatBundleDir();
  app.get('/vendor/botframework-webchat.js', (_req, reply) =>
    // 3.9 MB that changes only when the dependency is upgraded: cached for 30 days, revalidated by ETag.
    reply.sendFile('webchat.js', bundleDir, { cacheControl: true, maxAge: '30d', immutable: false }),
  );
};
