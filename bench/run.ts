// `npm run bench [-- group ...]`: prints `bench: <name> = <value> <unit>` lines.
// Each group is a module in bench/ exporting `run(): Promise<void>`; a group runs in its own
// child process so peak RSS figures belong to that group alone.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GROUPS: Record<string, string> = {
  douyin: 'douyin-life.ts',
  feishu: 'feishu-events.ts',
  bitable: 'bitable.ts',
  excel: 'excel.ts',
  startup: 'startup.ts',
  douplus: 'douplus.ts',
  xiaoe: 'xiaoe.ts',
  temu: 'temu.ts',
};

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((g) => !(g in GROUPS));
if (unknown.length) {
  process.stderr.write(`Unknown bench group(s): ${unknown.join(', ')}. Groups: ${Object.keys(GROUPS).join(', ')}\n`);
  process.exit(2);
}
let failed = false;
for (const group of wanted.length ? wanted : Object.keys(GROUPS)) {
  const file = path.join(here, GROUPS[group] as string);
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file], { stdio: 'inherit', env: process.env });
  if (res.status !== 0) {
    process.stderr.write(`bench group ${group} failed (exit ${res.status})\n`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
