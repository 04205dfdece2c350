#!/usr/bin/env node
// Entry point for `npx tongbu …` and `npm start`: runs the compiled JavaScript in dist/.
// In a checkout, dist/ is built first when it is missing or older than src/, so a fresh clone
// needs no extra command (`npm install && npm start`). The Docker image runs dist/ directly.
// TONGBU_FROM_SOURCE=1 runs src/ through tsx instead (the tests do, like `npm run dev`).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, isStale, ROOT } from './build.js';

if (process.env.TONGBU_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(ROOT, 'src', 'cli.ts')).href);
} else {
  if (isStale()) {
    process.stderr.write('tongbu: building dist/ from src/ (first start, or src/ changed) …\n');
    try {
      await build();
    } catch (e) {
      process.stderr.write(`tongbu: the build failed (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); see above. npm run dev runs src/ without a build.\n`);
      process.exit(1);
    }
  }
  await import(pathToFileURL(path.join(ROOT, 'dist', 'cli.js')).href);
}
