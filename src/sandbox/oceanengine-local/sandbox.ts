// Sandbox mode for 巨量本地推: the emulator in this process, with its own app and accounts handed
// to the connector as settings (its authorisation page stands in for open.oceanengine.com).
// Its tokens live in memory, so at every start the service authorises itself again (the
// declaration's OAuth start-up hook) — the connector works with no setup.
import type { EmulatorFactory } from '../../engine/types.js';
import { createOceanengineEmulator } from './emulator.js';

export const start: EmulatorFactory = async (_config, { port }) => {
  const emu = createOceanengineEmulator();
  await emu.listen(port);
  return {
    baseUrl: emu.baseUrl,
    env: {
      OCEANENGINE_APP_ID: emu.appId,
      OCEANENGINE_SECRET: emu.secret,
      OCEANENGINE_ACCOUNT_IDS: emu.accounts.join(','),
      OCEANENGINE_AUTH_BASE_URL: `${emu.baseUrl}/sandbox/oauth/authorize`,
    },
    close: () => emu.close(),
  };
};
