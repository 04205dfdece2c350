// Order record (分, unix seconds) → douyin_life_orders row (元 as exact decimal strings, timestamptz).
import { isoFromUnixSeconds } from '../../engine/time.js';
import { decryptField, isOnlineCipher } from './phone.js';

/** 分 (integer, maybe a string) → "12.34" without floating-point arithmetic. */
export function fenToYuan(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  const s = String(v).trim();
  if (!/^-?\d+$/.test(s)) return null;
  const neg = s.startsWith('-');
  const digits = (neg ? s.slice(1) : s).padStart(3, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -2).replace(/^0+(?=\d)/, '')}.${digits.slice(-2)}`;
}

/** Unix seconds (0 = unset) → ISO instant. */
export function unixToIso(v: unknown): string | null {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : 0;
  return n > 0 ? isoFromUnixSeconds(n) : null;
}

function firstPhone(order: Record<string, unknown>): string | undefined {
  const contacts = order.contacts;
  if (Array.isArray(contacts)) {
    for (const c of contacts) {
      const p = (c as { phone?: unknown })?.phone;
      if (typeof p === 'string' && p) return p;
    }
  }
  return undefined;
}

export interface PhoneDecryptStats {
  failed: number;
  online: number;
}

/**
 * Decrypts the contact phone when it is encrypted with the local scheme; a plain number (some
 * accounts get them unencrypted) is kept; an "Enc." value or one that does not decrypt leaves
 * the column empty (the raw_data keeps the ciphertext).
 */
export function toOrderRow(order: Record<string, unknown>, account: string, clientSecret: string, stats?: PhoneDecryptStats): Record<string, unknown> {
  let phone: string | null = null;
  const raw = firstPhone(order);
  if (raw) {
    if (/^[\d*+\- ]{5,20}$/.test(raw)) phone = raw;
    else if (isOnlineCipher(raw)) {
      if (stats) stats.online += 1;
    } else {
      try {
        phone = decryptField(raw, clientSecret);
      } catch {
        if (stats) stats.failed += 1;
      }
    }
  }
  const ext = order.ext_order_id ?? order.out_order_no ?? order.source_order_id;
  return {
    order_id: String(order.order_id),
    account_id: account,
    order_status: order.order_status === undefined || order.order_status === null ? null : String(order.order_status),
    order_type: typeof order.order_type === 'number' ? order.order_type : order.order_type ? Number(order.order_type) : null,
    sku_id: order.sku_id === undefined ? null : String(order.sku_id),
    sku_name: (order.sku_name as string | undefined) ?? null,
    pay_amount: fenToYuan(order.pay_amount),
    original_amount: fenToYuan(order.original_amount),
    count: typeof order.count === 'number' ? order.count : order.count ? Number(order.count) : null,
    pay_time: unixToIso(order.pay_time),
    create_time: unixToIso(order.create_order_time),
    update_time: unixToIso(order.update_order_time),
    source_order_id: ext === undefined || ext === null || ext === '' ? null : String(ext),
    phone,
    raw_data: order,
  };
}
