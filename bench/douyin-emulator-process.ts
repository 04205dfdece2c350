// The 抖音来客 emulator in its own process, so the benchmark's RSS and CPU belong to the sync.
// Prints one JSON line when listening; then takes `latency <ms>` lines on stdin (the time the
// emulator waits before answering each order query) and answers each with `ok`.
import { createInterface } from 'node:readline';
import { createDouyinLifeEmulator } from '../src/sandbox/douyin-life/emulator.js';

const orders = Number(process.argv[2] ?? 100_000);
const days = Number(process.argv[3] ?? 30);
const to = Date.UTC(2026, 1, 28, 16) / 1000; // 2026-03-01 00:00 Asia/Shanghai
const emu = createDouyinLifeEmulator({ orders, from: to - days * 86400, to: to - 1, seed: 3 });
await emu.listen();
process.stdout.write(`${JSON.stringify({ baseUrl: emu.baseUrl, clientKey: emu.clientKey, clientSecret: emu.clientSecret, accounts: emu.accounts, from: to - days * 86400, to: to - 1 })}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'latency') {
    emu.faults.latencyMs = Number(arg);
    emu.queries.length = 0;
    process.stdout.write('ok\n');
  }
});
process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)));
