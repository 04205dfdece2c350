// Temu shops: each a partition with its own region and seller-issued access token. Shops come
// from TEMU_SHOPS (settings, JSON) and from `tongbu temu shop add` (stored encrypted in the
// credential store, which wins on a name clash). A token has no refresh flow; its expiry and the
// shop's mall id are read with bg.open.accesstoken.info.get when the shop is added and at every
// check, which alerts 14, 3 and 1 days (TEMU_TOKEN_ALERT_DAYS) before expiry, and at once when
// the platform says the token is dead (3000034), naming the shop; other shops are untouched.
import type { ConnectorContext, Partition } from '../../engine/types.js';
import { describeError, TongbuError } from '../../errors.js';
import type { Notifier } from '../../notifier.js';
import { createTokenCipher, loadTokenKey } from '../../tokens/cipher.js';
import { CredentialStore } from '../../tokens/credentials.js';
import { shopOf, TemuClient, TEMU_CODES, type ShopCredentials, type TokenInfo } from './client.js';
import { shopInput, type ShopInput, type TemuRegion, type TemuSettings } from './settings.js';

export const TEMU_PLATFORM = 'temu';

const stores = new WeakMap<object, Promise<CredentialStore>>();

/** The credential store over the context's pool (one per pool). */
export function credentialStore(ctx: ConnectorContext<TemuSettings>): Promise<CredentialStore> {
  let s = stores.get(ctx.pool);
  if (!s) {
    s = loadTokenKey(ctx.config, ctx.log).then((key) => new CredentialStore({ pool: ctx.pool, cipher: createTokenCipher(key) }));
    stores.set(ctx.pool, s);
  }
  return s;
}

export interface ShopEntry extends ShopCredentials {
  source: 'settings' | 'store';
  mallId?: string;
  expiresAt?: Date | null;
  lastError?: string | null;
}

export async function listShops(ctx: ConnectorContext<TemuSettings>): Promise<ShopEntry[]> {
  const byName = new Map<string, ShopEntry>();
  for (const s of ctx.settings.TEMU_SHOPS) byName.set(s.name, { ...s, source: 'settings' });
  for (const c of await (await credentialStore(ctx)).list(TEMU_PLATFORM)) {
    const token = c.secret.token;
    if (!token) continue;
    byName.set(c.name, {
      name: c.name,
      region: c.meta.region as TemuRegion,
      token,
      source: 'store',
      mallId: typeof c.meta.mallId === 'string' ? c.meta.mallId : undefined,
      expiresAt: c.expiresAt,
      lastError: c.lastError,
    });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

export async function findShop(ctx: ConnectorContext<TemuSettings>, name: string): Promise<ShopEntry | undefined> {
  return (await listShops(ctx)).find((s) => s.name === name);
}

export function toPartition(s: ShopCredentials): Partition {
  return { id: s.name, label: s.name, region: s.region, credentials: { token: s.token } };
}

export async function shopPartitions(ctx: ConnectorContext<TemuSettings>): Promise<Partition[]> {
  return (await listShops(ctx)).map(toPartition);
}

export function clientFor(ctx: ConnectorContext<TemuSettings>, partition: Partition): TemuClient {
  const shop = shopOf(partition);
  return new TemuClient({
    ctx,
    shop,
    baseUrl: partition.baseUrl,
    reload: async () => findShop(ctx, shop.name),
  });
}

/** `tongbu temu shop add`: check the token with the platform, then store the shop encrypted. */
export async function addShop(ctx: ConnectorContext<TemuSettings>, input: ShopInput | Record<string, unknown>): Promise<{ shop: ShopEntry; info: TokenInfo }> {
  const parsed = shopInput.safeParse(input);
  if (!parsed.success) throw new TongbuError('COMMAND_BAD_ARGS', parsed.error.issues.map((i) => `${i.path.join('.') || 'shop'}: ${i.message}`).join('; '));
  const shop = parsed.data;
  const client = new TemuClient({ ctx, shop });
  let info: TokenInfo;
  try {
    info = await client.tokenInfo();
  } catch (e) {
    throw new TongbuError('SYNC_AUTH_FAILED', `Temu shop ${shop.name} (${shop.region}): the platform did not accept the token: ${describeError(e).message}`);
  }
  await (await credentialStore(ctx)).put(TEMU_PLATFORM, shop.name, { token: shop.token }, { region: shop.region, mallId: info.mallId ?? null }, info.expiresAt ?? null);
  return { shop: { ...shop, source: 'store', mallId: info.mallId, expiresAt: info.expiresAt }, info };
}

export async function removeShop(ctx: ConnectorContext<TemuSettings>, name: string): Promise<boolean> {
  return (await credentialStore(ctx)).remove(TEMU_PLATFORM, name);
}

export const shopAlertKey = (shop: string) => `token:temu:${shop}`;

export interface ShopCheck {
  shop: string;
  region: TemuRegion;
  ok: boolean;
  expiresAt?: Date;
  mallId?: string;
  error?: string;
}

/**
 * Read every shop's token expiry from the platform, alert on a dead token at once and on an
 * approaching expiry at each threshold once. A failing shop never stops the check of the others.
 */
export async function checkShops(ctx: ConnectorContext<TemuSettings>, notifier?: Notifier, now = new Date()): Promise<ShopCheck[]> {
  const store = await credentialStore(ctx);
  const out: ShopCheck[] = [];
  for (const shop of await listShops(ctx)) {
    const client = clientFor(ctx, toPartition(shop));
    try {
      const info = await client.tokenInfo();
      if (shop.source === 'store') await store.checked(TEMU_PLATFORM, shop.name, { expiresAt: info.expiresAt ?? null, meta: info.mallId ? { mallId: info.mallId } : {}, error: null });
      else await store.put(TEMU_PLATFORM, shop.name, { token: shop.token }, { region: shop.region, mallId: info.mallId ?? null, fromSettings: true }, info.expiresAt ?? null).catch(() => undefined);
      out.push({ shop: shop.name, region: shop.region, ok: true, expiresAt: info.expiresAt, mallId: info.mallId });
      await notifier?.recover(shopAlertKey(shop.name), `Temu shop ${shop.name}: the access token works again.`).catch(() => undefined);
    } catch (e) {
      const message = describeError(e).message;
      const code = (e as { info?: { code?: unknown } }).info?.code;
      await store.checked(TEMU_PLATFORM, shop.name, { error: message }).catch(() => undefined);
      out.push({ shop: shop.name, region: shop.region, ok: false, error: message });
      const dead = code === TEMU_CODES.TOKEN_EXPIRED || code === TEMU_CODES.TOKEN_NOT_EXISTS || code === TEMU_CODES.TOKEN_APP_MISMATCH;
      await notifier
        ?.alert({
          key: shopAlertKey(shop.name),
          title: `Temu shop ${shop.name}: ${dead ? 'the access token no longer works' : 'the token check failed'}`,
          message,
          action: dead
            ? `Ask the seller of ${shop.name} for a new access token, then run \`tongbu temu shop add --name ${shop.name} --region ${shop.region} --token <token>\`. The other shops keep syncing.`
            : 'Nothing else is affected; the next check tries again. If it repeats, check the app key, secret and IP whitelist in the Temu partner console.',
        })
        .catch(() => undefined);
    }
  }
  for (const w of await store.dueExpiryWarnings(TEMU_PLATFORM, ctx.settings.TEMU_TOKEN_ALERT_DAYS, now)) {
    const shop = out.find((c) => c.shop === w.name);
    await notifier
      ?.alert({
        key: `${shopAlertKey(w.name)}:expiry:${w.days}`,
        title: `Temu shop ${w.name}: the access token expires in ${w.days <= 1 ? 'a day' : `${w.days} days`}`,
        message: `The token of ${w.name} expires at ${w.expiresAt.toISOString()}. Temu has no refresh for seller tokens.`,
        action: `Ask the seller for a new access token before then and run \`tongbu temu shop add --name ${w.name} --region ${shop?.region ?? '<region>'} --token <token>\`.`,
      })
      .catch(() => undefined);
  }
  return out;
}
