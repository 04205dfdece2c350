import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  formatBusinessTime,
  openTokenStore
} from "./chunk-MXRYIYM3.js";
import {
  TongbuError,
  describeError,
  settingsOf
} from "./chunk-TJ5FBCIB.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/ops/credentials.ts
var DAY = 86400;
function credentialConnectors(services, name) {
  const n = name?.trim().toLowerCase();
  return (services.connectors ?? []).filter((c) => c.credentials && (n === void 0 || c.name === n || c.aliases?.some((a) => a.toLowerCase() === n)));
}
__name(credentialConnectors, "credentialConnectors");
async function credentialStatus(services, name, now = /* @__PURE__ */ new Date()) {
  const rows = [];
  for (const c of credentialConnectors(services, name)) {
    const creds = c.credentials;
    try {
      const rt = services.engine?.runtime(c.name, { allowDisabled: true });
      if (!rt) continue;
      for (const s of await creds.status(rt.context)) {
        const exp = s.expiresAt ?? null;
        rows.push({
          connector: c.name,
          title: creds.title,
          name: s.name,
          detail: s.detail,
          expiresAt: exp ? exp.toISOString() : null,
          secondsLeft: exp ? Math.floor((exp.getTime() - now.getTime()) / 1e3) : null,
          problem: s.problem ?? null
        });
      }
    } catch (e) {
      rows.push({ connector: c.name, title: creds.title, name: c.name, detail: "", expiresAt: null, secondsLeft: null, problem: `cannot read: ${describeError(e).message}` });
    }
  }
  return rows;
}
__name(credentialStatus, "credentialStatus");
function credentialNeedsAttention(r) {
  return Boolean(r.problem) || r.secondsLeft !== null && r.secondsLeft < 3 * DAY;
}
__name(credentialNeedsAttention, "credentialNeedsAttention");
function left(r) {
  if (r.secondsLeft === null) return "expiry not known";
  const d = Math.floor(Math.abs(r.secondsLeft) / DAY);
  const day = r.expiresAt?.slice(0, 10);
  return r.secondsLeft < 0 ? `EXPIRED ${day} (${d} d ago)` : `expires ${day} (${d} d left)`;
}
__name(left, "left");
function describeCredentialStatus(rows) {
  return rows.map((r) => `${r.name} (${r.title}): ${r.detail ? `${r.detail}; ` : ""}${left(r)}${r.problem ? `; PROBLEM: ${r.problem}` : ""}`);
}
__name(describeCredentialStatus, "describeCredentialStatus");
function briefCredentialStatus(rows) {
  const byConnector = /* @__PURE__ */ new Map();
  for (const r of rows) byConnector.set(r.title, [...byConnector.get(r.title) ?? [], r]);
  return [...byConnector].map(([title, rs]) => {
    const bad = rs.filter(credentialNeedsAttention);
    const next = rs.filter((r) => r.expiresAt).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))[0];
    return `${title}: ${rs.length}${bad.length ? `, ${bad.length} need attention (${bad.map((r) => r.name).join(", ")})` : ", all fine"}${next ? `; next expiry ${next.expiresAt?.slice(0, 10)}` : ""}`;
  });
}
__name(briefCredentialStatus, "briefCredentialStatus");

// src/ops/tokens.ts
function oauthPlatforms(services) {
  const byPlatform = /* @__PURE__ */ new Map();
  for (const c of services.connectors ?? []) if (c.oauth && !byPlatform.has(c.oauth.platform)) byPlatform.set(c.oauth.platform, c.oauth);
  return [...byPlatform.values()];
}
__name(oauthPlatforms, "oauthPlatforms");
function tokenPlatform(services, name) {
  const n = name.trim().toLowerCase();
  for (const c of services.connectors ?? []) {
    const o = c.oauth;
    if (!o) continue;
    if ([o.platform, ...o.aliases, c.name, ...c.aliases ?? []].some((a) => a.toLowerCase() === n)) return o.platform;
  }
  throw new TongbuError("TOKEN_PLATFORM_UNKNOWN", name);
}
__name(tokenPlatform, "tokenPlatform");
async function tokensOf(services) {
  if (services.tokens) return services.tokens;
  const { config } = services;
  const providers = (services.connectors ?? []).flatMap((c) => {
    if (!c.oauth) return [];
    const settings = settingsOf(c, config);
    const setup = c.setup(settings);
    return [{ provider: c.oauth.provider(settings, setup.baseUrl ?? setup.realBaseUrl), refreshBeforeMs: c.oauth.refreshBeforeMinutes(settings) * 6e4 }];
  });
  services.tokens = await openTokenStore({ ...services, providers });
  return services.tokens;
}
__name(tokensOf, "tokensOf");
function formatDuration(seconds) {
  const s = Math.abs(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor(s % 86400 / 3600);
  const m = Math.floor(s % 3600 / 60);
  const text = d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : `${m} min`;
  return seconds < 0 ? `expired ${text} ago` : text;
}
__name(formatDuration, "formatDuration");
async function tokenStatus(services, platform) {
  return (await tokensOf(services)).status(platform === void 0 ? void 0 : tokenPlatform(services, platform));
}
__name(tokenStatus, "tokenStatus");
function describeTokenStatus(rows, services) {
  if (!rows.length) {
    const how = services ? oauthPlatforms(services).map((o) => `\`tongbu auth ${o.platform}\` (${o.title})`) : [];
    return [`No platform is authorised yet.${how.length ? ` Run ${how.join(" or ")} to authorise.` : ""}`];
  }
  return rows.map((r) => {
    const last = r.lastRefreshAt === null ? "not refreshed yet" : `last refresh ${formatBusinessTime(r.lastRefreshAt)} ${r.lastRefreshOk ? "ok" : `FAILED: ${r.lastRefreshError ?? ""}`}`;
    const accounts = r.grantedAccounts.length ? ` [accounts ${r.grantedAccounts.join(", ")}]` : "";
    const left2 = /* @__PURE__ */ __name((sec) => `${formatDuration(sec)}${sec >= 0 ? " left" : ""}`, "left");
    return `${r.platform}/${r.account}${accounts}: access token ${left2(r.accessSecondsLeft)}, refresh token ${left2(r.refreshSecondsLeft)}; ${last}`;
  });
}
__name(describeTokenStatus, "describeTokenStatus");
async function tokenRefresh(services, platform) {
  const store = await tokensOf(services);
  const grants = await store.status(platform === void 0 ? void 0 : tokenPlatform(services, platform));
  if (!grants.length) throw new TongbuError("TOKEN_MISSING", platform ? tokenPlatform(services, platform) : "platform");
  const results = [];
  for (const g of grants) {
    try {
      await store.refresh(g.platform, g.account, { force: true });
      results.push({ platform: g.platform, account: g.account, ok: true });
    } catch (e) {
      const err = e instanceof TongbuError ? e : new TongbuError("TOKEN_REFRESH_FAILED", `${g.platform} (${g.account}): ${e.message}`);
      results.push({ platform: g.platform, account: g.account, ok: false, error: err.toJSON() });
    }
  }
  return results;
}
__name(tokenRefresh, "tokenRefresh");
async function allTokenStatus(services, platform) {
  if (platform !== void 0 && credentialConnectors(services, platform).length) {
    const oauth2 = oauthPlatforms(services).length && isOAuthName(services, platform) ? await tokenStatus(services, platform) : [];
    return { oauth: oauth2, credentials: await credentialStatus(services, platform) };
  }
  const oauth = await tokenStatus(services, platform);
  return { oauth, credentials: platform === void 0 ? await credentialStatus(services) : [] };
}
__name(allTokenStatus, "allTokenStatus");
function isOAuthName(services, name) {
  try {
    tokenPlatform(services, name);
    return true;
  } catch {
    return false;
  }
}
__name(isOAuthName, "isOAuthName");
var tokenStatusContributor = /* @__PURE__ */ __name(async (services) => {
  const rows = services.tokens ? await services.tokens.status() : [];
  const creds = await credentialStatus(services);
  const lines = [...rows.length ? describeTokenStatus(rows, services) : [], ...briefCredentialStatus(creds)];
  return lines.length ? { title: "Tokens", lines } : void 0;
}, "tokenStatusContributor");
async function tokenStatusReport(services, args = {}) {
  const { oauth, credentials } = await allTokenStatus(services, args.platform);
  const oauthLines = oauth.length || !credentials.length ? describeTokenStatus(oauth, services) : [];
  return {
    title: "Platform tokens",
    lines: [...oauthLines, ...describeCredentialStatus(credentials)],
    ok: oauth.every((r) => r.lastRefreshOk !== false && r.refreshSecondsLeft > 0) && !credentials.some(credentialNeedsAttention)
  };
}
__name(tokenStatusReport, "tokenStatusReport");
async function tokenRefreshReport(services, args = {}) {
  const results = await tokenRefresh(services, args.platform);
  const lines = results.map((r) => r.ok ? `${r.platform}/${r.account}: refreshed` : `${r.platform}/${r.account}: FAILED \u2014 ${r.error?.message} ${r.error?.action}`);
  lines.push(...describeTokenStatus(await tokenStatus(services, args.platform), services));
  return { title: "Token refresh", lines, ok: results.every((r) => r.ok) };
}
__name(tokenRefreshReport, "tokenRefreshReport");

export {
  describeCredentialStatus,
  oauthPlatforms,
  tokenPlatform,
  tokensOf,
  describeTokenStatus,
  tokenRefresh,
  allTokenStatus,
  tokenStatusContributor,
  tokenStatusReport,
  tokenRefreshReport
};
//# sourceMappingURL=chunk-4N4ZG2AM.js.map
