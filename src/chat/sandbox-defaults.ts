// Feishu sandbox mode's defaults (no FEISHU_APP_ID): what the settings in effect are, without
// loading the bot, its SDK or the emulator (the CLI's light path reads these too).
import type { Config } from '../config.js';

/** The emulated group chat of sandbox mode; notifications go there when no chat is configured. */
export const SANDBOX_GROUP_CHAT = 'oc_sandbox_group';

/** The emulated Bitable base of sandbox mode (the mirror writes there when no base is configured). */
export const SANDBOX_BITABLE_APP = 'bascnSandboxTongbu';

/**
 * The person on the sandbox page (the emulator's SANDBOX_USER_OPEN_ID, src/sandbox/feishu/events.ts;
 * a test keeps the two equal). Spelled out here so that settings need not load the emulator.
 */
export const SANDBOX_ADMIN_OPEN_ID = 'ou_sandbox_user';

/** Whether the bot will run against its emulator (no FEISHU_APP_ID, sandbox allowed). */
export function feishuSandboxed(config: { FEISHU_APP_ID?: string; SANDBOX: string }): boolean {
  return !config.FEISHU_APP_ID && config.SANDBOX !== 'off';
}

/**
 * Settings in effect: in Feishu sandbox mode, notifications go to the emulated group, the
 * mirror writes to the emulated base, and the person on the sandbox page is an admin (so the
 * whole tour works), unless those are configured.
 */
export function withFeishuSandboxDefaults(config: Config): Config {
  if (!feishuSandboxed(config)) return config;
  return {
    ...config,
    FEISHU_NOTIFY_CHAT_IDS: config.FEISHU_NOTIFY_CHAT_IDS.length ? config.FEISHU_NOTIFY_CHAT_IDS : [SANDBOX_GROUP_CHAT],
    BITABLE_APP_TOKEN: config.BITABLE_APP_TOKEN ?? SANDBOX_BITABLE_APP,
    FEISHU_ADMIN_OPEN_IDS: config.FEISHU_ADMIN_OPEN_IDS.length ? config.FEISHU_ADMIN_OPEN_IDS : [SANDBOX_ADMIN_OPEN_ID],
  };
}
