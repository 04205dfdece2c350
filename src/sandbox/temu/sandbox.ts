// Sandbox mode for Temu: the emulator in this process with three shops (us, eu, global), its app
// and shops handed to the connector as settings (TEMU_SHOPS), the host with `{region}` so each
// shop reaches its region's router. Loaded lazily by the declaration, only in sandbox mode.
import type { EmulatorFactory } from '../../engine/types.js';
import { createTemuEmulator } from './emulator.js';

export const start: EmulatorFactory = async (_config, { port }) => {
  // Orders over the 30 days before the current hour: the same data for every process started
  // within the hour, so a re-run shows 0 inserted / 0 updated.
  const hour = Math.floor(Date.now() / 3_600_000) * 3600;
  const emu = createTemuEmulator({ ordersPerShop: 400, from: hour - 30 * 86_400, to: hour });
  await emu.listen(port);
  return { baseUrl: emu.baseUrl, env: emu.env(), close: () => emu.close() };
};
