// Sandbox mode for 小鹅通: the emulator in this process, its app handed to the connector as
// settings. Loaded lazily by the connector's declaration, only in sandbox mode. The data set is
// fixed (20 orders a day from 2025-01-01 to the end of 2027, one seed), so every process serves
// the same orders; their states follow the real clock, so refunds appear as days pass and the
// rescan and the welfare decisions have something to do.
import type { EmulatorFactory } from '../../engine/types.js';
import { createXiaoeEmulator } from './emulator.js';

const FROM = Date.UTC(2024, 11, 31, 16) / 1000; // 2025-01-01 00:00 Asia/Shanghai
const TO = Date.UTC(2027, 11, 31, 16) / 1000; // 2028-01-01 00:00 Asia/Shanghai

export const start: EmulatorFactory = async (_config, { port }) => {
  const emu = createXiaoeEmulator({ orders: Math.round(((TO - FROM) / 86_400) * 20), from: FROM, to: TO, seed: 20250101 });
  await emu.listen(port);
  return {
    baseUrl: emu.baseUrl,
    env: { XIAOE_APP_ID: emu.appId, XIAOE_CLIENT_ID: emu.clientId, XIAOE_SECRET_KEY: emu.secretKey },
    close: () => emu.close(),
  };
};
