// Temu in the connector contract: three shops in three regions (USD, EUR, JPY), 40 parent orders
// each over four days, 10 a page. The main stream's table is temu_orders; its money is the
// order's customerPaid from the amount follow-up (temu_order_amounts), exact in each currency.
// The suite runs every stream and counts inserted rows of the main one, so the goods list is empty
// here (products have their own tests). An "expired token" is 3000034 once; the renewal is one token check (bg.open.accesstoken.info.get).
import { minorToMajorIn } from '../../../src/money.js';
import { orderTotals } from '../../../src/sandbox/temu/data.js';
import { createTemuEmulator } from '../../../src/sandbox/temu/emulator.js';
import type { ContractFixture } from '../contract.js';

const TO = Date.UTC(2026, 1, 5, 0, 0, 0) / 1000;
const FROM = TO - 4 * 86_400;

export async function temuContract(): Promise<ContractFixture> {
  const emu = createTemuEmulator({ ordersPerShop: 40, from: FROM, to: TO, ratePerSecond: 1000, emptyGoodsList: true });
  await emu.listen();
  // Every fault goes to the order list: the data pages.
  const pages = /bg\.order\.list\.v2\.get/;
  return {
    env: { ...emu.env(), TEMU_PAGE_SIZE: '10', TEMU_RATE_PER_SECOND: '500' },
    window: { from: new Date((FROM - 60) * 1000), to: new Date((TO + 60) * 1000) },
    table: 'temu_orders',
    key: `shop || ':' || parent_order_sn`,
    money: `(SELECT a.customer_paid FROM temu_order_amounts a WHERE a.shop = temu_orders.shop AND a.parent_order_sn = temu_orders.parent_order_sn)`,
    expected() {
      const out = new Map<string, string>();
      for (const shop of emu.shops) {
        for (const o of emu.orders.get(shop.name) ?? []) {
          const v = minorToMajorIn(orderTotals(o).customerPaid as number, shop.currency);
          const [w, f = ''] = v.split('.');
          out.set(`${shop.name}:${o.parentOrderSn}`, `${w}.${(f + '000').slice(0, 3)}`);
        }
      }
      return out;
    },
    tokenRequests: () => emu.counts['bg.open.accesstoken.info.get'] ?? 0,
    fault(kind, times) {
      const k = kind === 'rateLimited' ? 'rateLimit' : kind === 'malformed' ? 'malformedPage' : kind === 'authExpired' ? 'tokenExpired' : 'serverError';
      emu.faults.push({ match: pages, times, kind: k });
    },
    close: () => emu.close(),
  };
}
