// The Temu emulator's data: shops in several regions, parent orders with child orders in the shape
// of the captured real order list (contract fixture bg.order.list.v2.get.response.real.json),
// their amounts in minor units of the shop's currency, and products with SKUs. Deterministic per
// seed, so a second process started with the same options serves the same data.

export type Region = 'us' | 'eu' | 'global' | 'cn';

export const REGION_IDS: Record<Region, number> = { us: 211, eu: 76, global: 98, cn: 37 };
export const REGION_CURRENCY: Record<Region, string> = { us: 'USD', eu: 'EUR', global: 'JPY', cn: 'CNY' };

export interface EmuShop {
  name: string;
  region: Region;
  token: string;
  mallId: number;
  /** Unix seconds. */
  expiresAt: number;
  appKey: string;
  currency: string;
  /** Answer 5000003 (IP not whitelisted) for this shop. */
  ipBlocked?: boolean;
}

export interface EmuSku {
  skuId: number;
  skuSn: string;
  spec: string;
  /** Minor units. */
  unitRetail: number;
}

export interface EmuProduct {
  goodsId: number;
  goodsName: string;
  outGoodsSn: string;
  catId: number;
  crtTime: number;
  skus: EmuSku[];
}

export interface EmuLine {
  orderSn: string;
  goodsId: number;
  sku: EmuSku;
  goodsName: string;
  quantity: number;
  canceled: number;
}

export interface EmuOrder {
  shop: string;
  parentOrderSn: string;
  status: number;
  /** Unix seconds. */
  orderTime: number;
  updateTime: number;
  lines: EmuLine[];
  /** Minor units. */
  shipping: number;
  discountSeller: number;
  discountTemu: number;
  tax: number;
  refunds: number;
  /** Overrides the shop's currency in the amount answer (bad-input tests). */
  currency?: string;
}

export function rng(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Sun Hat', 'Sports Bra', 'Phone Case', 'Water Bottle', 'Yoga Mat', 'LED Strip', 'Backpack', 'Hair Clip', 'Socks 5-pack', 'Desk Lamp', 'Garden Hose', 'Cat Toy'];
const SPECS = ['Small', 'Medium', 'Large', 'White / 70B', 'Black', 'Khaki', 'Blue / XL'];

export function productsFor(shop: EmuShop, count: number, seed: string): EmuProduct[] {
  const r = rng(`${seed}|${shop.name}|products`);
  const out: EmuProduct[] = [];
  const zeroDecimals = shop.currency === 'JPY';
  for (let i = 0; i < count; i++) {
    const goodsId = 602_000_000_000_000 + shop.mallId * 10_000 + i;
    const skus: EmuSku[] = [];
    const n = 1 + Math.floor(r() * 3);
    for (let k = 0; k < n; k++) {
      const unit = zeroDecimals ? 500 + Math.floor(r() * 5000) : 199 + Math.floor(r() * 4800);
      skus.push({ skuId: 46_000_000_000_000 + shop.mallId * 100_000 + i * 10 + k, skuSn: `${shop.name.toUpperCase()}-${i}-${k}`, spec: SPECS[Math.floor(r() * SPECS.length)] as string, unitRetail: unit });
    }
    out.push({ goodsId, goodsName: `${NAMES[i % NAMES.length]} ${i}`, outGoodsSn: `G-${shop.name}-${i}`, catId: 20000 + (i % 7), crtTime: 1_700_000_000_000 + i * 86_400_000, skus });
  }
  return out;
}

export function ordersFor(shop: EmuShop, products: EmuProduct[], count: number, from: number, to: number, seed: string): EmuOrder[] {
  const r = rng(`${seed}|${shop.name}|orders`);
  const regionId = REGION_IDS[shop.region];
  const out: EmuOrder[] = [];
  for (let i = 0; i < count; i++) {
    const orderTime = from + Math.floor(r() * Math.max(1, to - from));
    const updateTime = Math.min(to, orderTime + Math.floor(r() * 2 * 86_400));
    const roll = r();
    const status = roll < 0.08 ? 3 : roll < 0.2 ? 2 : roll < 0.5 ? 4 : roll < 0.55 ? 41 : roll < 0.95 ? 5 : 51;
    const lines: EmuLine[] = [];
    const n = 1 + Math.floor(r() * r() * 3);
    const serial = String(shop.mallId * 1_000_000 + i).padStart(14, '0');
    for (let k = 0; k < n; k++) {
      const p = products[Math.floor(r() * products.length)] as EmuProduct;
      const sku = p.skus[Math.floor(r() * p.skus.length)] as EmuSku;
      const original = 1 + Math.floor(r() * r() * 4);
      const canceled = status === 3 ? original : 0;
      lines.push({ orderSn: `${regionId}-${serial}${k}${String(shop.mallId).slice(-3)}`, goodsId: p.goodsId, sku, goodsName: p.goodsName, quantity: original, canceled });
    }
    const retail = lines.reduce((s, l) => s + l.sku.unitRetail * l.quantity, 0);
    const discountSeller = r() < 0.2 ? Math.floor(retail * 0.1) : 0;
    const shipping = r() < 0.3 ? (shop.currency === 'JPY' ? 300 : 299) : 0;
    out.push({
      shop: shop.name,
      parentOrderSn: `PO-${regionId}-${serial}${String(shop.mallId).slice(-3)}`,
      status,
      orderTime,
      updateTime,
      lines,
      shipping,
      discountSeller,
      discountTemu: r() < 0.1 ? Math.floor(retail * 0.05) : 0,
      tax: shop.region === 'us' ? Math.floor(retail * 0.07) : 0,
      refunds: status === 3 ? retail + shipping - discountSeller : 0,
    });
  }
  return out;
}

/** The parent order and its child orders as bg.order.list.v2.get sends them (real capture's shape). */
export function orderItemWire(o: EmuOrder, shop: EmuShop): Record<string, unknown> {
  const regionId = REGION_IDS[shop.region];
  const shipped = [4, 41, 5, 51].includes(o.status);
  const labels = ['soon_to_be_overdue', 'past_due', 'pending_buyer_cancellation', 'pending_buyer_address_change', 'pending_risk_control_alert'].map((name) => ({ name, value: 0 }));
  return {
    parentOrderMap: {
      parentOrderLabel: labels,
      shippingMethod: 1,
      parentShippingTime: shipped ? o.orderTime + 7200 : null,
      updateTime: o.updateTime,
      latestDeliveryTime: o.orderTime + 12 * 86_400,
      fulfillmentWarning: ['RESTRICT_FEDEX_SELF_SHIPPING'],
      orderPaymentType: 'PPD',
      parentOrderTime: o.orderTime,
      batchOrderNumberList: null,
      regionId,
      parentOrderSn: o.parentOrderSn,
      parentOrderPendingFinishTime: o.orderTime + 960,
      siteId: 100,
      expectShipLatestTime: o.orderTime + 2 * 86_400,
      hasShippingFee: o.shipping > 0,
      parentOrderStatus: o.status,
    },
    orderList: o.lines.map((l) => ({
      canceledQuantityBeforeShipment: l.canceled,
      quantity: l.quantity - l.canceled,
      orderSn: l.orderSn,
      earliestTimeGetShippingDocument: null,
      goodsId: l.goodsId,
      orderLabel: [{ name: 'customized_products', value: 0 }],
      inventoryDeductionWarehouseId: null,
      orderStatus: o.status === 41 || o.status === 51 ? 4 : o.status,
      originalGoodsName: l.goodsName,
      fulfillmentType: 'fulfillBySeller',
      isCancelledDuringPending: l.canceled > 0,
      spec: l.sku.spec,
      fulfillmentWarning: [],
      orderPaymentType: 'PPD',
      earliestTimeBuyShippingLabel: null,
      originalSpecName: l.sku.spec,
      originalOrderQuantity: l.quantity,
      thumbUrl: `https://img.example.invalid/${l.goodsId}.jpeg`,
      inventoryDeductionWarehouseName: null,
      goodsName: l.goodsName,
      skuId: l.sku.skuId,
      orderCreateTime: o.orderTime,
      orderShippingTime: shipped ? o.orderTime + 7200 : null,
      productList: [{ productSkuId: l.sku.skuId + 1_000_000, soldFactor: 1, extCode: l.sku.skuSn, productId: l.goodsId + 7 }],
    })),
  };
}

/** What the seller receives: the base price (retail less the platform's share), less seller discounts. */
export function orderTotals(o: EmuOrder): Record<string, number> {
  const retail = o.lines.reduce((s, l) => s + l.sku.unitRetail * (l.quantity - l.canceled), 0);
  const original = o.lines.reduce((s, l) => s + l.sku.unitRetail * l.quantity, 0);
  const base = Math.floor((o.status === 3 ? original : retail) * 0.7);
  const paid = (o.status === 3 ? original : retail) + o.shipping + o.tax - o.discountSeller - o.discountTemu;
  return {
    basePriceTotal: base,
    retailPriceTotal: o.status === 3 ? original : retail,
    shippingAmountTotal: o.shipping,
    taxTotal: o.tax,
    discountFromSeller: o.discountSeller,
    discountFromTEMU: o.discountTemu,
    totalDiscount: o.discountSeller + o.discountTemu,
    refundsTotal: o.refunds,
    customerPaid: paid,
    estimatedRevenue: o.status === 3 ? 0 : base - o.discountSeller,
  };
}

/** bg.order.amount.query `result` for one parent order. */
export function amountWire(o: EmuOrder, shop: EmuShop): Record<string, unknown> {
  const currency = o.currency ?? shop.currency;
  const m = (amount: number) => ({ currency, amount });
  const totals = orderTotals(o);
  const parentOrderMap: Record<string, unknown> = { parentOrderSn: o.parentOrderSn };
  for (const [k, v] of Object.entries(totals)) parentOrderMap[k] = m(v);
  return {
    parentOrderMap,
    orderList: o.lines.map((l) => ({
      orderSn: l.orderSn,
      quantity: l.quantity - l.canceled,
      unitBasePrice: m(Math.floor(l.sku.unitRetail * 0.7)),
      unitRetailPrice: m(l.sku.unitRetail),
      basePrice: m(Math.floor(l.sku.unitRetail * 0.7) * (l.quantity - l.canceled)),
    })),
  };
}

export function goodsWire(p: EmuProduct, shop: EmuShop): Record<string, unknown> {
  const first = p.skus[0] as EmuSku;
  const digits = shop.currency === 'JPY' ? 0 : 2;
  const major = (minor: number) => (digits ? (minor / 100).toFixed(2) : String(minor));
  return {
    goodsId: p.goodsId,
    goodsName: p.goodsName,
    outGoodsSn: p.outGoodsSn,
    skuIdList: p.skus.map((s) => s.skuId),
    skuInfoList: p.skus.map((s) => ({ skuId: s.skuId, skuSn: s.skuSn, specList: [{ specName: s.spec }] })),
    price: major(first.unitRetail),
    currency: shop.currency,
    retailPrice: { amount: first.unitRetail, currency: shop.currency },
    listPrice: { amount: first.unitRetail, currency: shop.currency },
    quantity: 100,
    catId: p.catId,
    crtTime: p.crtTime,
    status4VO: 1,
    subStatus4VO: 1,
    thumbUrl: `https://img.example.invalid/${p.goodsId}.jpeg`,
  };
}
