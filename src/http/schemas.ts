// Building blocks for the routes' request schemas. Each route declares its body, query and
// params once, as zod schemas next to the route (`schema: { body, querystring, params }`);
// Fastify validates them (fastify-type-provider-zod) before the handler runs, and the same
// schemas are the handler's types. Objects are strict: an unknown field is a 400 naming it,
// like a field of the wrong type or a missing one (src/http/request-errors.ts words the answer).
//
// Adding a field to a route: add it to that route's schema (with a bound on its size, see
// below); the handler sees it typed. Nothing else to change.
import { z } from 'zod';

/** A short piece of text: trimmed, not empty, at most `max` characters. */
export const name = (max = 100) => z.string().trim().min(1).max(max);

/** A route that reads no query string: any parameter is refused. */
export const NoQuery = z.strictObject({});

/** A POST that takes no fields: no body (Fastify hands the handler null), or `{}`. */
export const NoBody = z.strictObject({}).nullish();

/** Query parameters repeat (`?key=a&key=b`): one value or several, as a list. */
export const oneOrMany = (item: z.ZodString, max = 50) =>
  z
    .union([item, z.array(item).min(1).max(max)], {
      error: (iss) => (iss.input === undefined ? 'Invalid input: expected string, received undefined' : `expected one value, or the parameter repeated up to ${max} times`),
    })
    .transform((v): string[] => (Array.isArray(v) ? v : [v]));
