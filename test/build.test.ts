// The build runs: `npm run build` (esbuild bundles src/ into dist/), then plain node, without
// tsx, finds the commands and the migrations (found at run time upwards from the bundle's folder).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(path.join(dir, e.name)) : e.name.endsWith('.js') ? [path.join(dir, e.name)] : []));
}

describe('compiled build', () => {
  it('npm run build, then node dist/cli.js runs help and applies the migrations', async () => {
    await run('npm', ['run', 'build'], { env: process.env });
    expect(existsSync('dist/cli.js')).toBe(true);
    // Nothing in dist/ needs tsx or a .ts file at run time.
    for (const f of jsFiles('dist')) expect(readFileSync(f, 'utf8'), f).not.toMatch(/from ['"]tsx|import\(['"]tsx|\.ts['"]\)/);

    const env = { ...process.env, TONGBU_FROM_SOURCE: '' };
    const help = await run(process.execPath, ['dist/cli.js', 'help'], { env });
    expect(help.stdout).toMatch(/Usage: tongbu <command>/);
    // bin/tongbu.js runs the fresh build as it is, without building again.
    const viaBin = await run(process.execPath, ['bin/tongbu.js', 'help'], { env });
    expect(viaBin.stdout).toMatch(/Usage: tongbu <command>/);
    expect(viaBin.stderr).not.toMatch(/building dist/);

    const adminUrl = inject('adminUrl');
    const name = `${inject('runPrefix')}_build_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      const migrate = await run(process.execPath, ['dist/cli.js', 'migrate'], { env: { ...env, DATABASE_URL: u.toString(), LOG_FORMAT: 'json' } });
      expect(migrate.stdout).toMatch(/migrations are up to date/);
      expect(migrate.stderr).toMatch(/"applied":\["001_core\.sql"/);

      // A light command loads neither Node's fetch (undici: the bundle answers pg's Cloudflare
      // probe at build time, bin/build.js pgNodeOnly) nor pino (it writes no log line:
      // src/log/lazy-logger.ts). Node lists the built-in modules it loaded, and the CommonJS ones
      // in require's cache.
      const probe = `data:text/javascript,import{createRequire}from'node:module';const r=createRequire(process.cwd()+'/x.js');process.on('exit',()=>process.stderr.write('undici loaded: '+process.moduleLoadList.some((m)=>m.includes('undici'))+', pino loaded: '+Object.keys(r.cache).some((f)=>f.includes('/pino/'))+'\\n'))`;
      const status = await run(process.execPath, ['--import', probe, 'dist/cli.js', 'status'], { env: { ...env, DATABASE_URL: u.toString(), SANDBOX: 'auto' } });
      expect(status.stdout).toMatch(/抖音来客 \(douyin-life\)/);
      expect(status.stderr).toMatch(/undici loaded: false, pino loaded: false/);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }, 300_000);
});
