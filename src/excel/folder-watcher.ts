// Watches IMPORT_DIR for exports dropped there (by hand, a sync client, a scanner script).
// Polling with fs.stat, not fs.watch: it behaves the same on network shares and Docker volumes.
// A file is imported once two scans see the same size and mtime (it has stopped growing).
// Success (or "already imported"): the file is deleted, or moved to imported/ (IMPORT_DONE_ACTION).
// A refused file is moved to failed/ with <name>.error.txt beside it, never deleted.
// Other failures (database down, a connection cut during the import: EXCEL_INTERRUPTED) leave
// the file in place for the next scan.
import { mkdir, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeError, isTongbuError } from '../errors.js';
import type { Services } from '../services.js';
import { importFile, type ImportOutcome } from './import-service.js';

export interface FolderWatcher {
  stop(): Promise<void>;
  /** One scan now (tests, and the first scan at start). */
  scan(): Promise<void>;
}

// Partial downloads, Office lock files and our own notes are not exports.
const CANDIDATE = /\.(xlsx|xlsm|xls|csv)$/i;
const IGNORED = /^(~\$|\.)/;

async function freeName(dir: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const base = name.slice(0, name.length - ext.length);
  for (let i = 0; ; i++) {
    const candidate = path.join(dir, i === 0 ? name : `${base} (${i})${ext}`);
    try {
      await stat(candidate);
    } catch {
      return candidate;
    }
  }
}

/** Starts watching IMPORT_DIR (call it when IMPORT_WATCH is true); `stop()` waits for an import in progress. */
export function startFolderWatcher(services: Services, opts: { onImported?: (file: string, outcome: ImportOutcome) => void; onFailed?: (file: string, e: unknown) => void } = {}): FolderWatcher {
  const { config } = services;
  const dir = path.resolve(config.IMPORT_DIR);
  const log = services.log.child({ mod: 'excel-folder', dir });
  const seen = new Map<string, string>();
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function handle(name: string): Promise<void> {
    const file = path.join(dir, name);
    try {
      // Whoever can write into IMPORT_DIR administers the server: an admin door.
      const outcome = await importFile(services, { source: 'folder', fileName: name, path: file, requestedBy: 'folder', admin: true });
      if (config.IMPORT_DONE_ACTION === 'move') {
        const doneDir = path.join(dir, 'imported');
        await mkdir(doneDir, { recursive: true });
        await rename(file, await freeName(doneDir, name));
      } else {
        await unlink(file);
      }
      opts.onImported?.(file, outcome);
    } catch (e) {
      if (isTongbuError(e) && e.code === 'EXCEL_INTERRUPTED') {
        // Nothing of it was saved: it stays where it is and the next scan imports it again.
        log.warn({ err: describeError(e).message, file: name }, 'import interrupted: database connection lost; the file stays for the next scan');
        return;
      }
      if (!isTongbuError(e) || !e.code.startsWith('EXCEL_')) {
        log.error({ err: describeError(e).message, file: name }, 'import failed for a reason outside the file; it stays for the next scan');
        return;
      }
      const failedDir = path.join(dir, 'failed');
      await mkdir(failedDir, { recursive: true });
      const target = await freeName(failedDir, name);
      await rename(file, target);
      const d = describeError(e);
      await writeFile(`${target}.error.txt`, `${new Date().toISOString()}  ${name}\n${d.code}: ${d.message}\n${d.action}\n`);
      await services.notifier
        ?.alert({ key: `excel-import:${name}`, title: `Excel import of ${name}`, message: d.message, action: d.action })
        .catch((err: unknown) => log.warn({ err }, 'alert failed'));
      opts.onFailed?.(target, e);
    }
  }

  async function scan(): Promise<void> {
    await mkdir(dir, { recursive: true });
    const names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && CANDIDATE.test(d.name) && !IGNORED.test(d.name)).map((d) => d.name).sort();
    const present = new Set(names);
    for (const k of seen.keys()) if (!present.has(k)) seen.delete(k);
    for (const name of names) {
      if (stopped) return;
      let st;
      try {
        st = await stat(path.join(dir, name));
      } catch {
        continue; // gone between readdir and stat
      }
      const sig = `${st.size}:${st.mtimeMs}`;
      const stable = seen.get(name) === sig && st.size > 0;
      seen.set(name, sig);
      if (!stable) continue;
      seen.delete(name);
      await handle(name);
    }
  }

  const tick = () => {
    if (stopped || running) return;
    running = scan()
      .catch((e: unknown) => log.error({ err: describeError(e).message }, 'scan of IMPORT_DIR failed'))
      .finally(() => {
        running = undefined;
      });
  };
  timer = setInterval(tick, config.IMPORT_POLL_SECONDS * 1000);
  timer.unref();
  log.info({ every: config.IMPORT_POLL_SECONDS, done: config.IMPORT_DONE_ACTION }, 'watching for Excel exports');
  tick();

  return {
    scan: async () => {
      while (running) await running;
      const mine = scan().finally(() => {
        running = undefined;
      });
      running = mine;
      await mine;
    },
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
