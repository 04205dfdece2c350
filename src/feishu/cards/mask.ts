// Text that goes into a chat card passes through here first: phone numbers are masked
// (138****0000) and anything that looks like a credential is hidden. Error messages from
// platforms echo request parameters, so this is applied to every free-text field of a card.

const PHONE = /(?<![\d])(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?\d{4}[-\s]?(\d{4})(?![\d])/g;
/** key=value / "key": "value" pairs whose value is a credential. */
const SECRET_PAIR =
  /\b(access_token|refresh_token|client_token|tenant_access_token|app_access_token|token|secret|app_secret|client_secret|password|passwd|sign|signature|authorization|access-token)(["']?\s*[:=]\s*["']?)([^\s"'&,;}]+)/gi;
const BEARER = /\bBearer\s+[\w\-.~+/=]+/gi;
/** Feishu tenant/user tokens (t-…, u-…) and the platforms' OAuth tokens (act.…, rft.…, clt.…). */
const PREFIXED_TOKEN = /\b(?:[tu]-[\w-]{16,}|(?:act|rft|clt)\.[\w.-]{16,})/g;
/** Long opaque strings mixing letters and digits: almost always a key or token. */
const OPAQUE = /\b(?=[\w.-]*\d)(?=[\w.-]*[A-Za-z])[\w.-]{32,}\b/g;

export function maskPhone(text: string): string {
  return text.replace(PHONE, '$1****$2');
}

/** Mask phone numbers and hide credentials in text shown in chat. */
export function maskSensitive(text: string): string {
  return maskPhone(
    text
      .replace(BEARER, 'Bearer [hidden]')
      .replace(SECRET_PAIR, '$1$2[hidden]')
      .replace(PREFIXED_TOKEN, '[hidden]')
      .replace(OPAQUE, '[hidden]'),
  );
}

/** Links keep their shape, but credential parameters in them are hidden. */
export function maskUrl(url: string): string {
  return url.replace(SECRET_PAIR, '$1$2[hidden]');
}

/**
 * The bot's replies (src/chat/commands) and the report cards: mask phone numbers (138****1234)
 * and anything that looks like a token or secret.
 */
export function redact(text: string): string {
  return text
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2')
    .replace(/\b(?:t|u|c|act|rft)-[A-Za-z0-9._-]{12,}/g, '[token]')
    .replace(/\b(access_token|refresh_token|token|secret|password|app_secret|client_secret)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1$2[redacted]')
    .replace(/\b[0-9a-f]{32,}\b/gi, '[redacted]');
}

/** Outside text made safe for a markdown element: redacted, markdown/HTML specials escaped. */
export function safeText(text: string): string {
  // Feishu card markdown takes HTML entities as escapes.
  return redact(text).replace(/[&<>*_~`[\]]/g, (c) => `&#${c.charCodeAt(0)};`);
}
