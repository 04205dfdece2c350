import cronLib from 'node-cron';
// Small zod builders for environment settings: every value arrives as a string (or not at all).
import { z } from 'zod';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const optionalString = () => z.preprocess(blankToUndefined, z.string().trim().optional());

export const stringWithDefault = (def: string) => z.preprocess(blankToUndefined, z.string().trim().default(def));

export const int = (def: number, min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .default(def),
  );

export const optionalInt = (min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .optional(),
  );

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

export const bool = (def: boolean) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .toLowerCase()
      .refine((v) => TRUE.includes(v) || FALSE.includes(v), { error: 'must be true or false' })
      .transform((v) => TRUE.includes(v))
      .optional()
      .transform((v) => v ?? def),
  );

/** Comma-separated list; blanks dropped. */
export const list = () =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
  );

export const url = () =>
  z.preprocess(
    blankToUndefined,
    z
      .url({ error: 'must be a URL such as https://host:port' })
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
  );

export const urlWithDefault = (def: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .url({ error: 'must be a URL such as https://host:port' })
      .default(def)
      .transform((v) => v.replace(/\/+$/, '')),
  );

/** A node-cron expression (5 or 6 fields); checked at start so a typo stops the service. */
export const cron = (def: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .default(def)
      .refine((v) => cronLib.validate(v), { error: 'must be a cron expression such as "0 * * * *"' }),
  );

export const enumOf = <T extends readonly [string, ...string[]]>(values: T, def: T[number]) =>
  z.preprocess(
    (v) => (typeof blankToUndefined(v) === 'string' ? String(v).trim().toLowerCase() : undefined),
    z.enum(values, { error: `must be one of ${values.join(', ')}` }).default(def),
  );
