// Settings of the Feishu bot (app credentials, event intake, who may do what in chat).
import { enumOf, list, optionalString, urlWithDefault } from './fields.js';

export const feishuSettings = {
  /** Self-built app credentials. Empty FEISHU_APP_ID: sandbox mode (the built-in emulator). */
  FEISHU_APP_ID: optionalString(),
  FEISHU_APP_SECRET: optionalString(),
  /** "Verification Token" of the app's event subscription; compared with header.token of every event. */
  FEISHU_VERIFICATION_TOKEN: optionalString(),
  /** "Encrypt Key" of the event subscription: events arrive AES-encrypted and signed. */
  FEISHU_ENCRYPT_KEY: optionalString(),
  /** Open Platform base URL, trailing slash stripped (the SDK would call //open-apis/...). */
  FEISHU_DOMAIN: urlWithDefault('https://open.feishu.cn'),
  /** webhook: Feishu POSTs to /feishu/events and /feishu/cards; ws: the SDK's long connection. */
  FEISHU_EVENT_MODE: enumOf(['webhook', 'ws'] as const, 'webhook'),
  /** Chats the bot answers in (oc_…). Empty: any chat the bot is in. */
  FEISHU_ALLOWED_CHAT_IDS: list(),
  /** Users (ou_…) allowed to stop/start tasks, refresh tokens, clean duplicates, run backfills. Empty: nobody. */
  FEISHU_ADMIN_OPEN_IDS: list(),
  /** The bot's display name, used on cards and to recognise an @-mention by name. */
  FEISHU_BOT_NAME: optionalString(),
};
