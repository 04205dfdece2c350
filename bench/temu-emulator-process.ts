// The Temu emulator in its own process for the benchmark, so the syncing process's event loop and
// the emulator's do not stall together (the rate limit is counted where calls arrive). Prints one
// JSON line when listening: the settings that point a connector at it. Ends on SIGTERM, printing
// the counts first.
import { createTemuEmulator } from '../src/sandbox/temu/emulator.js';

const orders = Number(process.argv[2] ?? 5000);
const from = Number(process.argv[3]);
const to = Number(process.argv[4]);
const emu = createTemuEmulator({ ordersPerShop: orders, productsPerShop: 200, from, to, ratePerSecond: 20 });
await emu.listen();
process.stdout.write(`${JSON.stringify({ env: emu.env() })}\n`);
process.stdin.on('data', (d) => {
  if (String(d).trim() === 'counts') {
    // Calls per wall-clock second, first to last (how evenly the budget was used).
    const seconds = emu.requests.map((r) => Math.floor(r.at / 1000));
    const first = Math.min(...seconds);
    const perSecond = Array.from({ length: Math.max(...seconds) - first + 1 }, (_, i) => seconds.filter((s) => s === first + i).length);
    process.stdout.write(`${JSON.stringify({ ...emu.counts, perSecond })}\n`);
  }
});
process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)));
