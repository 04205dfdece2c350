// The Temu operation, one function behind chat (`/temu`, `/店铺`), the CLI (`tongbu temu …`) and
// the HTTP API (`POST /api/ops/temu {"args":[…]}`):
//   temu [shop] [today|7d|30d|YYYY-MM]                 figures (report.ts)
//   temu shop add --name N --region us|eu|global|cn --token T   (admins; checks the token first)
//   temu shop list | temu shop check | temu shop remove N
//   temu cost set <SKU id> <成本价> [--from YYYY-MM-DD] [--currency C] [--sn]   (--sn: the value is a 货号)
//   temu cost import <file.xlsx>                       (CLI; chat and upload go through the sheet declaration)
// Tokens are never echoed back: a shop is shown by name, region, mall id and expiry.
import type { OperationContext, OperationDeclaration, OpReport, SheetDeclaration } from '../../engine/types.js';
import { TongbuError } from '../../errors.js';
import { costInputsFromSheet, COST_HEADERS, importCosts, type CostInput } from './costs.js';
import { shopReport } from './report.js';
import type { TemuSettings } from './settings.js';
import { addShop, checkShops, listShops, removeShop } from './shops.js';

type Ctx = OperationContext<TemuSettings>;

function flags(args: string[]): { positional: string[]; flags: Record<string, string | true> } {
  const out: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (inline !== undefined) out[k] = inline;
      else if (args[i + 1] !== undefined && !(args[i + 1] as string).startsWith('--')) out[k] = args[++i] as string;
      else out[k] = true;
    } else positional.push(a);
  }
  return { positional, flags: out };
}

const str = (v: string | true | undefined) => (typeof v === 'string' ? v : undefined);

async function shopOp(ctx: Ctx, args: string[]): Promise<OpReport> {
  const [sub, ...rest] = args;
  const { positional, flags: f } = flags(rest);
  switch (sub) {
    case 'add': {
      const { shop, info } = await addShop(ctx, { name: str(f.name) ?? positional[0] ?? '', region: str(f.region) ?? '', token: str(f.token) ?? '' });
      return {
        title: `Temu shop ${shop.name} stored`,
        lines: [`Region ${shop.region}, mall ${info.mallId ?? '?'}, token expires ${info.expiresAt?.toISOString().slice(0, 10) ?? '(not said)'}. It syncs from the next scheduled run.`],
        ok: true,
      };
    }
    case 'list':
    case undefined: {
      const shops = await listShops(ctx);
      return {
        title: `Temu shops (${shops.length})`,
        lines: shops.length
          ? shops.map((s) => `${s.name} · ${s.region} · mall ${s.mallId ?? '?'} · token expires ${s.expiresAt ? s.expiresAt.toISOString().slice(0, 10) : 'unknown'} · from ${s.source}${s.lastError ? ` · last check: ${s.lastError}` : ''}`)
          : ['No shops yet: `tongbu temu shop add --name N --region us|eu|global|cn --token T`.'],
        ok: true,
      };
    }
    case 'check': {
      const checks = await checkShops(ctx, ctx.notifier);
      return {
        title: `Temu shop tokens checked (${checks.filter((c) => c.ok).length}/${checks.length} work)`,
        lines: checks.map((c) => (c.ok ? `${c.shop}: works, expires ${c.expiresAt?.toISOString().slice(0, 10) ?? '(not said)'}` : `${c.shop}: ${c.error}`)),
        ok: checks.every((c) => c.ok),
      };
    }
    case 'remove': {
      const name = positional[0] ?? str(f.name);
      if (!name) throw new TongbuError('COMMAND_BAD_ARGS', 'temu shop remove <name>');
      const removed = await removeShop(ctx, name);
      return { title: removed ? `Temu shop ${name} removed` : `No stored Temu shop ${name}`, lines: removed ? ['Its synced orders stay in PostgreSQL.'] : [], ok: removed };
    }
    default:
      throw new TongbuError('COMMAND_BAD_ARGS', `temu shop ${sub}: use add, list, check or remove`);
  }
}

function importReport(r: { written: number; unchanged: number; ordersRecomputed: number }, what: string): OpReport {
  return { title: `Temu cost prices: ${r.written} ${what} written`, lines: [`${r.unchanged} unchanged; cost and profit recomputed for ${r.ordersRecomputed} orders.`], ok: true };
}

async function costOp(ctx: Ctx, args: string[]): Promise<OpReport> {
  const [sub, ...rest] = args;
  const { positional, flags: f } = flags(rest);
  const opts = { source: `${ctx.requestedBy ?? 'cli'}`, payoutDays: ctx.settings.TEMU_PAYOUT_DAYS, costCurrency: ctx.settings.TEMU_COST_CURRENCY };
  if (sub === 'set') {
    const [sku, cost] = positional;
    if (!sku || cost === undefined) throw new TongbuError('COMMAND_BAD_ARGS', 'temu cost set <SKU id> <成本价> [--from YYYY-MM-DD] [--currency C] [--sn]');
    const input: CostInput = { ...(f.sn ? { skuSn: sku } : { skuId: sku }), cost, effectiveFrom: str(f.from), currency: str(f.currency) };
    return importReport(await importCosts(ctx.pool, [input], opts), 'cost');
  }
  if (sub === 'import') {
    const file = positional[0];
    if (!file) throw new TongbuError('COMMAND_BAD_ARGS', 'temu cost import <file.xlsx>');
    // exceljs is loaded for an import alone: the connector's other paths (and the CLI) skip it.
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const ws = book.worksheets[0];
    if (!ws) throw new TongbuError('EXCEL_NO_SHEET', file);
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v))));
    return costSheet.import(ctx, { fileName: file, header: rows[0] ?? [], rows: rows.slice(1), firstRow: 2 });
  }
  throw new TongbuError('COMMAND_BAD_ARGS', 'temu cost set … | temu cost import <file.xlsx>');
}

export const temuOperation: OperationDeclaration<TemuSettings> = {
  name: 'temu',
  aliases: ['店铺'],
  summary: 'Temu shops: GMV, orders, profit and margin, top SKUs, payouts due, orders missing a cost; shops and cost prices',
  usage: [
    '/temu [shop] [today|7d|30d|YYYY-MM]',
    '/temu shop add --name N --region us|eu|global|cn --token T',
    '/temu shop list | check | remove N',
    '/temu cost set <SKU id> <成本价> [--from YYYY-MM-DD] [--currency C] [--sn]',
  ],
  examples: ['/temu', '/temu us-main 30d', '/店铺 2026-02', '/temu cost set 46301894981050 3.20 --from 2026-02-01'],
  needsAdmin(args) {
    if (args[0] === 'shop' && ['add', 'remove'].includes(args[1] ?? '')) return `${args[1]} Temu shops`;
    if (args[0] === 'cost') return 'change Temu cost prices';
    return undefined;
  },
  async run(ctx, args) {
    if (args[0] === 'shop' || args[0] === 'shops') return shopOp(ctx, args.slice(1));
    if (args[0] === 'cost' || args[0] === 'costs') return costOp(ctx, args.slice(1));
    return shopReport(ctx.pool, args);
  },
};

/** The cost sheet, a third spreadsheet type next to 售卖明细 and 旅行社预约明细. */
export const costSheet: SheetDeclaration<TemuSettings> = {
  name: 'temu-costs',
  label: '成本价',
  fileNamePattern: /成本|cost/i,
  requiredHeaders: [[...COST_HEADERS.skuId, ...COST_HEADERS.skuSn], [...COST_HEADERS.cost]],
  async import(ctx, sheet) {
    const inputs = costInputsFromSheet(sheet.header, sheet.rows, sheet.firstRow);
    const r = await importCosts(ctx.pool, inputs, { source: sheet.fileName, payoutDays: ctx.settings.TEMU_PAYOUT_DAYS, costCurrency: ctx.settings.TEMU_COST_CURRENCY });
    return importReport(r, `cost${r.written === 1 ? '' : 's'} from ${sheet.fileName}`);
  },
};
