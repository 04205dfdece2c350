import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temu } from '../../../src/connectors/temu/index.js';
import { temuOperation } from '../../../src/connectors/temu/ops.js';
import { checkShops, listShops } from '../../../src/connectors/temu/shops.js';
import { TongbuError } from '../../../src/errors.js';
import { temuHarness, type TemuHarness } from './harness.js';

describe('Temu shops, tokens and the temu operation', () => {
  let h: TemuHarness;
  beforeAll(async () => {
    const now = Math.floor(Date.now() / 1000);
    h = await temuHarness({
      shops: 'none',
      emulator: { ordersPerShop: 3, shops: [{ name: 'us-main', region: 'us', expiresAt: now + 20 * 86_400 }, { name: 'eu-store', region: 'eu' }, { name: 'cn-store', region: 'cn' }] },
    });
  });
  afterAll(async () => {
    await h.close();
  });
  const op = (args: string[], notifier = h.notifier) => temuOperation.run({ ...h.ctx, notifier, requestedBy: 'test' }, args);

  it('shop add checks the token with the platform, stores it encrypted, and never shows it', async () => {
    for (const s of h.emu.shops) {
      const r = await op(['shop', 'add', '--name', s.name, '--region', s.region, '--token', s.token]);
      expect(r.title).toBe(`Temu shop ${s.name} stored`);
      expect(r.lines.join(' ')).toContain(`mall ${s.mallId}`);
      expect(JSON.stringify(r)).not.toContain(s.token);
    }
    const raw = await h.db.pool.query(`SELECT secret_enc, meta FROM platform_credentials WHERE platform = 'temu' ORDER BY name`);
    expect(raw.rows).toHaveLength(3);
    for (const row of raw.rows) for (const s of h.emu.shops) expect(row.secret_enc).not.toContain(s.token);
    const list = await op(['shop', 'list']);
    expect(list.lines).toHaveLength(3);
    expect(JSON.stringify(list)).not.toMatch(new RegExp(h.emu.shops.map((s) => s.token).join('|')));
    // The cn shop is signed with the CN app.
    expect(h.emu.requests.some((r) => (r.body as Record<string, unknown>).app_key === h.emu.cnAppKey)).toBe(true);
    expect((await listShops(h.ctx)).map((s) => s.name)).toEqual(['cn-store', 'eu-store', 'us-main']);
  });

  it('a token the platform refuses is not stored, and the message says why', async () => {
    const e = (await op(['shop', 'add', '--name', 'bogus', '--region', 'us', '--token', 'not-a-real-token-at-all']).catch((x: unknown) => x)) as TongbuError;
    expect(e).toBeInstanceOf(TongbuError);
    expect(e.message).toMatch(/Temu shop bogus \(us\): the platform did not accept the token: .*3000031/);
    await expect(op(['shop', 'add', '--name', 'x y', '--region', 'mars', '--token', 'abc'])).rejects.toThrow(/region must be one of us, eu, global, cn/);
  });

  it('expiry alerts go out 14, 3 and 1 days before, each once, and only for the shop concerned', async () => {
    h.notifier.alerts = [];
    const now = Date.now();
    await checkShops(h.ctx, h.notifier, new Date(now));
    expect(h.notifier.alerts).toHaveLength(0); // 20 days left
    await checkShops(h.ctx, h.notifier, new Date(now + 7 * 86_400_000)); // 13 days left
    await checkShops(h.ctx, h.notifier, new Date(now + 8 * 86_400_000));
    expect(h.notifier.alerts.map((a) => a.title)).toEqual(['Temu shop us-main: the access token expires in 14 days']);
    await checkShops(h.ctx, h.notifier, new Date(now + 19.5 * 86_400_000)); // half a day left: one warning, not two
    expect(h.notifier.alerts.map((a) => a.title)).toEqual(['Temu shop us-main: the access token expires in 14 days', 'Temu shop us-main: the access token expires in a day']);
    expect(h.notifier.alerts[1]?.action).toMatch(/Ask the seller for a new access token/);
  });

  it('a dead token (3000034) alerts at once, naming the shop; the other shops check fine', async () => {
    h.notifier.alerts = [];
    const eu = h.emu.shop('eu-store');
    eu.expiresAt = h.emu.clock.seconds() - 5;
    const checks = await checkShops(h.ctx, h.notifier);
    expect(checks.filter((c) => c.ok).map((c) => c.shop)).toEqual(['cn-store', 'us-main']);
    expect(h.notifier.alerts).toHaveLength(1);
    expect(h.notifier.alerts[0]?.title).toBe('Temu shop eu-store: the access token no longer works');
    expect(h.notifier.alerts[0]?.action).toMatch(/Ask the seller of eu-store for a new access token, then run `tongbu temu shop add --name eu-store --region eu --token <token>`/);
    const status = await temu.credentials?.status(h.ctx);
    expect(status?.find((s) => s.name === 'temu:eu-store')?.problem).toMatch(/3000034/);
  });

  it('admin-only forms are flagged for the doors', () => {
    expect(temuOperation.needsAdmin?.(['shop', 'add'])).toBe('add Temu shops');
    expect(temuOperation.needsAdmin?.(['cost', 'set'])).toBe('change Temu cost prices');
    expect(temuOperation.needsAdmin?.(['us-main', '7d'])).toBeUndefined();
  });
});
