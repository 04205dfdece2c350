// Temu settings: the app (global and CN), the host override, shops given in settings, schedules,
// the shared rate limit, and the rules behind cost, profit and payouts. The seed's names
// (TEMU_API_PROXY_URL) are accepted as aliases. Shops added with `tongbu temu shop add` live
// encrypted in the credential store instead (shops.ts).
import { z } from 'zod';
import { cron, int, optionalString, url } from '../../config/fields.js';

export const TEMU_REGIONS = ['us', 'eu', 'global', 'cn'] as const;
export type TemuRegion = (typeof TEMU_REGIONS)[number];

/** The contract's hosts (all POST, one router path). CN: the semi-managed host (UNCONFIRMED). */
export const TEMU_HOSTS: Record<TemuRegion, string> = {
  us: 'https://openapi-b-us.temu.com',
  eu: 'https://openapi-b-eu.temu.com',
  global: 'https://openapi-b-global.temu.com',
  cn: 'https://openapi.kuajingmaihuo.com',
};
export const TEMU_ROUTER_PATH = '/openapi/router';

export interface ShopInput {
  name: string;
  region: TemuRegion;
  token: string;
}

export const shopInput = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_.-]{1,64}$/u, { error: 'a shop name is 1–64 letters, digits, "_", "." or "-"' }),
  region: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(TEMU_REGIONS, { error: `region must be one of ${TEMU_REGIONS.join(', ')}` })),
  token: z.string().trim().min(8, { error: 'the access token is too short' }),
});

const shopList = z.preprocess(
  (v) => {
    if (v === undefined || (typeof v === 'string' && v.trim() === '')) return [];
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  },
  z.array(shopInput, { error: 'must be a JSON list such as [{"name":"us-1","region":"us","token":"…"}]' }),
);

/** "14,3,1" → [14, 3, 1], descending. */
const dayList = (def: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v : def),
    z
      .string()
      .transform((v) => v.split(',').map((s) => Number(s.trim())))
      .refine((a) => a.every((n) => Number.isInteger(n) && n >= 0 && n <= 365), { error: 'must be whole days such as 14,3,1' })
      .transform((a) => [...new Set(a)].sort((x, y) => y - x)),
  );

export const temuSettings = z.object({
  TEMU_APP_KEY: optionalString(),
  TEMU_APP_SECRET: optionalString(),
  /** The app for shops of region `cn` (the semi-managed host), when it differs. */
  TEMU_CN_APP_KEY: optionalString(),
  TEMU_CN_APP_SECRET: optionalString(),
  /**
   * Every region's host, replaced (a proxy, or the emulator). `{region}` in it is replaced by the
   * shop's region (`http://proxy:8001/{region}`); without it every shop goes to this one host.
   */
  TEMU_BASE_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim().replace(/\/+$/, '') : v),
    z
      .string()
      .refine((v) => url().safeParse(v.replace('{region}', 'us')).success, { error: 'must be a URL such as https://host:port (may contain {region})' })
      .optional(),
  ),
  /** Shops as a JSON list of {name, region, token}; `tongbu temu shop add` stores them encrypted instead. */
  TEMU_SHOPS: shopList,
  TEMU_ORDERS_CRON: cron('*/30 * * * *'),
  TEMU_PRODUCTS_CRON: cron('5 * * * *'),
  /** The very first orders run of a shop reaches this many days back (on update time). */
  TEMU_FIRST_RUN_DAYS: int(90, 1, 730),
  /** Each scheduled orders run also re-reads this many minutes before the last run's end (late updates). */
  TEMU_ORDER_OVERLAP_MINUTES: int(30, 0, 1440),
  /** Orders and products per page: the API's maximum is 100. */
  TEMU_PAGE_SIZE: int(100, 1, 100),
  /** Calls per second for one app key, across every shop and replica (the contract: 20). */
  TEMU_RATE_PER_SECOND: int(20, 1, 1000),
  /** Expected payout = the delivery day + this many days (UNCONFIRMED: set it to your contract's rule). */
  TEMU_PAYOUT_DAYS: int(14, 0, 365),
  /** Alerts this many days before a shop token expires. */
  TEMU_TOKEN_ALERT_DAYS: dayList('14,3,1'),
  /** Currency of cost prices without a 币种 column; empty: the currency of the order. */
  TEMU_COST_CURRENCY: optionalString(),
  /** A call with no answer after this long is retried. */
  TEMU_REQUEST_TIMEOUT_MS: int(30_000, 1000, 300_000),
});

export type TemuSettings = z.infer<typeof temuSettings>;

export const temuAliases: Record<string, string> = {
  TEMU_API_PROXY_URL: 'TEMU_BASE_URL',
};

/** The host a shop of `region` talks to. */
export function hostFor(s: Pick<TemuSettings, 'TEMU_BASE_URL'>, region: TemuRegion, override?: string): string {
  const base = override ?? s.TEMU_BASE_URL;
  if (base) return base.replace('{region}', region);
  return TEMU_HOSTS[region];
}

/** The app a shop's calls are signed with. */
export function appFor(s: TemuSettings, region: TemuRegion): { key: string; secret: string } | undefined {
  if (region === 'cn' && s.TEMU_CN_APP_KEY && s.TEMU_CN_APP_SECRET) return { key: s.TEMU_CN_APP_KEY, secret: s.TEMU_CN_APP_SECRET };
  if (s.TEMU_APP_KEY && s.TEMU_APP_SECRET) return { key: s.TEMU_APP_KEY, secret: s.TEMU_APP_SECRET };
  return undefined;
}
