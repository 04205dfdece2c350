// Exchange rates for the overview: 元 per unit of a currency. Rates set by people (fx_rates, via
// `tongbu fx set` or the API) win over FX_RATES; 元 is 1. A currency without a rate stays missing.
import type { Config } from '../config.js';
import type { Pool } from '../db/pool.js';

export type Rates = Map<string, string>;

export async function loadRates(pool: Pick<Pool, 'query'>, config: Pick<Config, 'FX_RATES'>): Promise<Rates> {
  const rates: Rates = new Map([['CNY', '1'], ...Object.entries(config.FX_RATES ?? {})]);
  const r = await pool.query<{ currency: string; cny: string }>(`SELECT currency, cny::text FROM fx_rates`);
  for (const row of r.rows) rates.set(row.currency, row.cny);
  return rates;
}

export async function setRate(pool: Pool, currency: string, cny: string, by: string): Promise<void> {
  await pool.query(
    `INSERT INTO fx_rates (currency, cny, set_by) VALUES ($1, $2, $3)
     ON CONFLICT (currency) DO UPDATE SET cny = EXCLUDED.cny, set_by = EXCLUDED.set_by, updated_at = now()`,
    [currency.toUpperCase(), cny, by],
  );
}
