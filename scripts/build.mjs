// `npm run build` (and before `npm start`): the server's TypeScript → plain JavaScript in dist/,
// one file per source file, same layout (dist/src, dist/generated). esbuild only strips types
// (about a second); type errors are `npm run typecheck`'s job. Running compiled JavaScript
// instead of tsx saves the loader thread tsx needs (~60–100 MB of RSS in a long-running server).
// The staff inbox (src/web/inbox) is left out: the server bundles it for the browser itself.
import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const skip = new Set([join(root, 'src/web/inbox')]);

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return skip.has(path) ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const started = performance.now();
const entryPoints = [...sources(join(root, 'src')), ...sources(join(root, 'generated'))];
rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints,
  outdir: join(root, 'dist'),
  outbase: root,
  bundle: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
if (!process.argv.includes('--quiet')) {
  console.log(`built ${entryPoints.length} files into ${relative(process.cwd(), join(root, 'dist')) || 'dist'} in ${Math.round(performance.now() - started)} ms`);
}
