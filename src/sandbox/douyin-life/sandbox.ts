// Sandbox mode for 抖音来客: the emulator in this process, its credentials handed to the
// connector as settings. Loaded lazily by the connector's declaration, only in sandbox mode.
import type { EmulatorFactory } from '../../engine/types.js';
import { createDouyinLifeEmulator } from './emulator.js';

export const start: EmulatorFactory = async (_config, { port }) => {
  // Two thousand orders over the 30 days before the current hour: the same data set for every
  // process started within the hour, so re-runs show 0 inserted / 0 updated as they should.
  const hour = Math.floor(Date.now() / 3_600_000) * 3600;
  const emu = createDouyinLifeEmulator({ orders: 2000, from: hour - 30 * 86400, to: hour, accounts: ['7000000000000000001'] });
  await emu.listen(port);
  return {
    baseUrl: emu.baseUrl,
    env: { DOUYIN_LIFE_CLIENT_KEY: emu.clientKey, DOUYIN_LIFE_CLIENT_SECRET: emu.clientSecret, DOUYIN_LIFE_ACCOUNT_ID: emu.accounts.join(',') },
    close: () => emu.close(),
  };
};
