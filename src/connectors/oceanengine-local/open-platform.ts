// The 巨量引擎 (Ocean Engine) open platform as other products of it see it: 巨量本地推 is one
// product and holds the platform's code (OAuth, envelope, emulator); another product's connector
// (DOU+) is built on this declaration, handed over by the registry, instead of importing these
// files (src/engine/open-platform.ts).
import type { OpenPlatform } from '../../engine/open-platform.js';
import { seedSandboxGrant } from './boot.js';
import { classify } from './client.js';
import { oceanengineOAuth } from './oauth.js';
import { OCEANENGINE_AUTH_PAGE_URL, OCEANENGINE_REAL_BASE_URL } from './settings.js';

export const oceanengineOpenPlatform: OpenPlatform = {
  title: '巨量引擎',
  realBaseUrl: OCEANENGINE_REAL_BASE_URL,
  authPageUrl: OCEANENGINE_AUTH_PAGE_URL,
  // One app and grant serve every product by default: setting these configures them all.
  settingNames: {
    appId: 'OCEANENGINE_APP_ID',
    secret: 'OCEANENGINE_SECRET',
    grant: 'OCEANENGINE_GRANT',
    authBaseUrl: 'OCEANENGINE_AUTH_BASE_URL',
    redirectUri: 'OCEANENGINE_OAUTH_REDIRECT_URI',
    refreshBeforeMinutes: 'OCEANENGINE_REFRESH_BEFORE_MINUTES',
  },
  oauth: oceanengineOAuth,
  classify,
  seedSandboxGrant,
  emulator: () => import('../../sandbox/oceanengine-local/emulator.js').then((m) => m.createOceanengineEmulator),
};
