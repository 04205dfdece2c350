// Sandbox mode for DOU+: the emulator in this process, with the 巨量引擎 sandbox app (the same one
// the 巨量本地推 emulator uses, so one sandbox grant serves both) and its 抖音号 handed to the
// connector as settings. Loaded lazily by the connector's declaration, only in sandbox mode.
import type { OpenPlatformEmulatorFactory } from '../../engine/open-platform.js';
import type { EmulatorFactory } from '../../engine/types.js';
import { createDouplusEmulator } from './emulator.js';

/** Sandbox mode on the platform's emulator (the connector's declaration passes it). */
export const startOn = (platform: OpenPlatformEmulatorFactory): EmulatorFactory => async (_config, { port }) => {
  // Orders over the ten days before the current hour: the same data set for every process
  // started within the hour; metrics grow with the clock while orders deliver.
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const emu = createDouplusEmulator(platform, { anchor: hour, spanHours: 240, ordersPerAccount: 60 });
  await emu.listen(port);
  return {
    baseUrl: emu.baseUrl,
    env: {
      DOUPLUS_APP_ID: emu.appId,
      DOUPLUS_SECRET: emu.secret,
      DOUPLUS_AWEME_SEC_UIDS: emu.awemeSecUids.join(','),
      DOUPLUS_AUTH_BASE_URL: `${emu.baseUrl}/sandbox/oauth/authorize`,
    },
    close: () => emu.close(),
  };
};
