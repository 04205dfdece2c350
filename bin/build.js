#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ with tsc (tsconfig.build.json). bin/tongbu.js calls
// the same build when dist/ is missing or older than src/.
// tsc writes into a fresh folder that then replaces dist/ in one rename, so files deleted from
// src/ leave nothing behind, and two processes building at once never mix their outputs.
import { execFileSync } from 'node:child_process';
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

/** True in a checkout whose dist/ is missing or older than src/ or the build settings. */
export function isStale(root = ROOT) {
  const src = path.join(root, 'src');
  if (!existsSync(src)) return false; // an image or package with dist/ only
  const main = path.join(root, 'dist', 'cli.js');
  if (!existsSync(main)) return true;
  let builtAt = statSync(main).mtimeMs;
  try {
    // When the build started: a file saved while tsc ran counts as newer.
    builtAt = Number(readFileSync(path.join(root, 'dist', STAMP), 'utf8')) || builtAt;
  } catch {
    // built by plain tsc: dist/cli.js's time
  }
  const settings = ['tsconfig.json', 'tsconfig.build.json'].map((f) => path.join(root, f)).filter(existsSync).map((f) => statSync(f).mtimeMs);
  return Math.max(newestMtime(src), ...settings) > builtAt;
}

/** tsc src/ → dist/; throws (with tsc's output already printed) when the code does not compile. */
export function build(root = ROOT) {
  const startedAt = Date.now();
  const tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  const tmp = path.join(root, `dist.${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', tmp], { cwd: root, stdio: 'inherit' });
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
    build();
  } catch {
    process.exit(1);
  }
}
