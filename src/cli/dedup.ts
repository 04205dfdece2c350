// `tongbu dedup check|clean|force <table> <date>`: the CLI door to src/ops/dedup.ts.
import { parseArgs } from 'node:util';
import { createLarkClient } from '../feishu/client.js';
import { dedupCheck, dedupClean, forceResync, type DedupCheckResult, type KeyList } from '../ops/dedup.js';
import type { Services } from '../services.js';
import type { CliCommand } from './command.js';
import { withServices } from './context.js';

const USAGE = 'dedup check|clean|force <table> <YYYY-MM-DD> [--json]';

/**
 * The Feishu client: the one wired at boot, else one from the bot's app settings. Without
 * credentials the operation itself says what is missing (after checking the date and table).
 */
function withClient(services: Services): Services {
  if (services.bitable) return services;
  const { FEISHU_APP_ID, FEISHU_APP_SECRET, FEISHU_DOMAIN } = services.config;
  if (!FEISHU_APP_ID || !FEISHU_APP_SECRET) return services;
  const client = createLarkClient({ appId: FEISHU_APP_ID, appSecret: FEISHU_APP_SECRET, domain: FEISHU_DOMAIN, log: services.log });
  return { ...services, bitable: { client } };
}

const keys = (label: string, l: KeyList) => `  ${label.padEnd(11)} ${l.count}${l.count ? `  (${l.keys.join(', ')}${l.count > l.keys.length ? ', …' : ''})` : ''}\n`;

function printCheck(r: DedupCheckResult): void {
  process.stdout.write(`${r.table} (${r.mapping}) on ${r.date}: ${r.postgresRows} rows in PostgreSQL, ${r.bitableRecords} records in Bitable — ${r.clean ? 'clean' : 'needs cleaning'}\n`);
  process.stdout.write(keys('missing', r.missing) + keys('duplicated', r.duplicated) + keys('different', r.different) + keys('extra', r.extra));
  if (r.unkeyed) process.stdout.write(`  ${r.unkeyed} records without a record key (added by hand) are left alone\n`);
}

export const dedupCommand: CliCommand = {
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\nUsage: tongbu ${USAGE}\n`);
      return 2;
    }
    const [action, table, date] = parsed.positionals;
    if (!action || !['check', 'clean', 'force'].includes(action) || !table || !date) {
      process.stderr.write(`Usage: tongbu ${USAGE}\n`);
      return 2;
    }
    const json = parsed.values.json;
    return withServices(async (base) => {
      const services = withClient(base);
      const out = (v: unknown) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
      if (action === 'check') {
        const r = await dedupCheck(services, table, date);
        if (json) out(r);
        else printCheck(r);
        return r.clean ? 0 : 3;
      }
      if (action === 'clean') {
        const r = await dedupClean(services, table, date);
        if (json) out(r);
        else {
          printCheck(r.before);
          process.stdout.write(
            `Cleaned: ${r.deletedDuplicates} duplicates and ${r.deletedExtra} stale records deleted; ${r.requeuedMissing} missing and ${r.requeuedDifferent} different rows queued for the mirror writer.\n`,
          );
        }
        return 0;
      }
      const r = await forceResync(services, table, date);
      if (json) out(r);
      else process.stdout.write(`${r.table} on ${r.date}: ${r.deleted} records deleted in Bitable, ${r.queued} rows queued to be written again.\n`);
      return 0;
    });
  },
};
