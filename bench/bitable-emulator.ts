// The Feishu emulator with Bitable, in its own process for bench/bitable.ts: Bitable is a remote
// service, so its CPU must not be taken from the writer being measured. Talks over IPC:
// sends {ready, baseUrl, appId, appSecret}; answers {keys, status429, conflicts, writeTimes} to 'report'; exits on 'stop'.
import { registerBitableEmulator } from '../src/sandbox/feishu/bitable.js';
import { createFeishuEmulator } from '../src/sandbox/feishu/emulator.js';

const opts = JSON.parse(process.env.BITABLE_EMULATOR_OPTIONS ?? '{}') as { apps: string[]; rowLimit: number; writeDelayMs: number; writesPerSecond: number; table: string; keyField: string };
const emu = createFeishuEmulator();
const bt = registerBitableEmulator(emu, opts);
await emu.listen();
process.send?.({ ready: true, baseUrl: emu.baseUrl, appId: emu.appId, appSecret: emu.appSecret });
process.on('message', (msg: unknown) => {
  if (msg === 'report') {
    const keys = bt.records(opts.apps[0] as string, opts.table).map((r) => String(r.fields[opts.keyField]));
    const writeTimes = emu.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/records/batch_create')).map((r) => r.at);
    const cpu = process.cpuUsage();
    process.send?.({ keys, status429: emu.requests.filter((r) => r.status === 429).length, conflicts: bt.conflicts, writeTimes, cpuMs: (cpu.user + cpu.system) / 1000 });
    emu.requests.length = 0;
  } else if (msg === 'stop') {
    void emu.close().then(() => process.exit(0));
  }
});
