// The 小鹅通 emulator in its own process, so the benchmark's RSS and CPU belong to the sync.
// argv: orders, from (unix s), to (unix s), clock (unix s: the emulator's now). Prints one JSON
// line when listening; then answers `latency <ms>` with `ok` and `counts` with a JSON line.
import { createInterface } from 'node:readline';
import { createXiaoeEmulator } from '../src/sandbox/xiaoe/emulator.js';

const [orders, from, to, clock] = process.argv.slice(2).map(Number) as [number, number, number, number];
const emu = createXiaoeEmulator({ orders, from, to, seed: 2025, clockOffsetMs: clock * 1000 - Date.now(), recordBodies: false });
await emu.listen();
process.stdout.write(`${JSON.stringify({ baseUrl: emu.baseUrl, appId: emu.appId, clientId: emu.clientId, secretKey: emu.secretKey })}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'latency') {
    emu.latencyMs = Number(arg);
    process.stdout.write('ok\n');
  } else if (cmd === 'counts') {
    emu.requests.length = 0;
    process.stdout.write(`${JSON.stringify(emu.counts)}\n`);
  }
});
process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)));
