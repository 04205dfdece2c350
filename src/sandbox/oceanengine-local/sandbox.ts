// Sandbox mode for 巨量本地推: the emulator in this process, with its own app and accounts handed
// to the connector as settings (its authorisation page stands in for open.oceanengine.com).
// Its tokens live in memory, so at every start the service authorises itself again
// (src/connectors/oceanengine-local/boot.ts) — the connector works with no setup.
import type { SandboxFactory } from '../platforms.js';
import { createOceanengineEmulator } from './emulator.js';

export const oceanengineSandbox: SandboxFactory = async (_config, port) => {
  const emu = createOceanengineEmulator();
  await emu.listen(port);
  return {
    baseUrl: emu.baseUrl,
    settings: {
      OCEANENGINE_APP_ID: emu.appId,
      OCEANENGINE_SECRET: emu.secret,
      OCEANENGINE_ACCOUNT_IDS: emu.accounts,
      OCEANENGINE_AUTH_BASE_URL: `${emu.baseUrl}/sandbox/oauth/authorize`,
    },
    close: () => emu.close(),
  };
};
