import { z } from 'zod';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** The cross-platform overview: exchange rates for money not in 元. */
export const overviewSettings = {
  /**
   * "USD=7.1234,EUR=7.70": 元 per unit of each currency, for the overview. A rate set with
   * `tongbu fx set` (stored in the database) wins over this one. A currency with no rate is
   * shown as missing, never guessed.
   */
  FX_RATES: z.preprocess(
    blank,
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        const out: Record<string, string> = {};
        for (const part of (v ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
          const m = /^([A-Za-z]{3})\s*=\s*(\d+(?:\.\d+)?)$/.exec(part);
          if (!m || Number(m[2]) <= 0) {
            ctx.addIssue({ code: 'custom', message: `"${part}" is not CODE=rate (e.g. USD=7.12)` });
            return z.NEVER;
          }
          out[(m[1] as string).toUpperCase()] = m[2] as string;
        }
        return out;
      }),
  ),
};
