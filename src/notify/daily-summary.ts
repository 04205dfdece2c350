// The daily summary: one card for a business day (Asia/Shanghai; yesterday by default) with a
// section per connector, built from each declaration's optional summary(pool, day). After it,
// each connector's own cards for the day (its declaration's dailyReports), each with its table
// as an .xlsx file in the bot's chats.
// Scheduled by node-cron (DAILY_SUMMARY_CRON, timezone Asia/Shanghai) on every replica; the
// replica whose INSERT into notify_daily_sent wins sends it, so a day is summarised once.
// A manual send (CLI, chat command) skips that guard: someone asked for it.
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../config.js';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../logger.js';
import { settingsOf } from '../engine/connector.js';
import type { ConnectorDeclaration, ConnectorReport } from '../engine/types.js';
import { describeError, TongbuError } from '../errors.js';
import { sheetWorkbook } from '../excel/sheet-workbook.js';
import type { Card } from '../feishu/messenger.js';
import { dailySummaryCard, type SummaryPart } from '../feishu/cards/daily-summary-card.js';
import { reportCard } from '../feishu/cards/report-card.js';
import { BUSINESS_TZ, parseDay, yesterday } from '../engine/time.js';
import type { BroadcastResult, CardBroadcaster } from './card-broadcaster.js';
import { overviewSection } from './overview-section.js';
import { loadRates } from '../overview/rates.js';


export interface DailySummaryDeps {
  pool: Pool;
  log: Logger;
  broadcaster: CardBroadcaster;
  /** The connector declarations (src/connectors/index.ts CONNECTORS). */
  connectors: readonly ConnectorDeclaration[];
  /**
   * Exchange rates for the overview (FX_RATES; absent: only rates set in the database), and the
   * settings each connector's daily reports read (absent: those reports are not sent).
   */
  config?: Config;
  /** The clock a connector's report sees (its `now`). */
  now?: () => Date;
  /**
   * Whether the service runs this connector: only those send their own reports (a merchant
   * without the platform gets no empty card every morning). Absent: every connector does.
   */
  runs?: (connector: string) => boolean;
}

/** One connector report sent after the summary: its card and, when it has one, its .xlsx. */
export interface ReportOutcome {
  connector: string;
  title: string;
  result: BroadcastResult;
  /** The attachment's delivery to the bot chats. */
  file?: BroadcastResult & { name: string };
}

export interface DailySummaryOutcome {
  day: string;
  /** False when another replica had already sent this day's scheduled summary. */
  sent: boolean;
  result?: BroadcastResult;
  card?: Card;
  /** The connectors' own cards sent after the summary, in order. */
  reports?: ReportOutcome[];
}

/** The day as YYYY-MM-DD, or NOTIFY_DAY_INVALID (2026-02-30, "yesterday", 2026/02/11). */
export function checkDay(day: string): string {
  const d = parseDay(day);
  if (!d) throw new TongbuError('NOTIFY_DAY_INVALID', day);
  return d;
}

/** Each connector's section; a connector whose summary fails gets an error line, not a failed card. */
export async function collectSummary(pool: Pool, connectors: readonly ConnectorDeclaration[], day: string, log: Logger): Promise<SummaryPart[]> {
  const parts: SummaryPart[] = [];
  for (const c of connectors) {
    if (!c.summary) continue;
    try {
      parts.push({ connector: c.name, title: c.title, section: await c.summary(pool, day) });
    } catch (e) {
      const err = describeError(e);
      log.error({ connector: c.name, day, error: err }, 'daily summary section failed');
      parts.push({ connector: c.name, title: c.title, error: err.message });
    }
  }
  return parts;
}

/** The overview across platforms, which opens the card (only when some connector declares daily figures). */
async function overviewPart(deps: Pick<DailySummaryDeps, 'pool' | 'log' | 'connectors' | 'config'>, day: string): Promise<SummaryPart[]> {
  if (!deps.connectors.some((c) => c.dailyMetrics)) return [];
  try {
    const rates = await loadRates(deps.pool, { FX_RATES: deps.config?.FX_RATES ?? {} });
    return [{ connector: 'overview', title: 'Overview', section: await overviewSection(deps.pool, rates, day) }];
  } catch (e) {
    const err = describeError(e);
    deps.log.error({ day, error: err }, 'daily summary overview failed');
    return [{ connector: 'overview', title: 'Overview', error: err.message }];
  }
}

export async function buildDailySummary(deps: Pick<DailySummaryDeps, 'pool' | 'log' | 'connectors' | 'config'>, day: string): Promise<Card> {
  const d = checkDay(day);
  return dailySummaryCard(d, [...(await overviewPart(deps, d)), ...(await collectSummary(deps.pool, deps.connectors, d, deps.log))]);
}

/**
 * Build and send the summary of `day` (default: yesterday in Asia/Shanghai). `once: true`
 * (the schedule) sends only if no replica has claimed the day yet. Throws only for a bad day;
 * delivery problems are logged and reported in the result.
 */
export async function sendDailySummary(
  services: DailySummaryDeps,
  day: string = yesterday(),
  opts: { once?: boolean } = {},
): Promise<DailySummaryOutcome> {
  const d = checkDay(day);
  const log = services.log.child({ mod: 'daily-summary', day: d });
  if (opts.once) {
    const claimed = await services.pool.query(`INSERT INTO notify_daily_sent (day) VALUES ($1) ON CONFLICT (day) DO NOTHING RETURNING day`, [d]);
    if (claimed.rowCount === 0) {
      log.info('daily summary already sent (or being sent) by another replica');
      return { day: d, sent: false };
    }
  }
  let card: Card;
  try {
    card = await buildDailySummary(services, d);
  } catch (e) {
    await markDay(services.pool, d, 'failed', describeError(e).message);
    log.error({ error: describeError(e) }, 'daily summary could not be built');
    return { day: d, sent: false };
  }
  const result = await services.broadcaster.broadcast(card, `daily summary ${d}`);
  const ok = result.logOnly || result.delivered > 0;
  await markDay(services.pool, d, ok ? 'sent' : 'failed', `${result.delivered} delivered, ${result.failed} failed`);
  if (ok) log.info({ delivered: result.delivered, failed: result.failed }, 'daily summary sent');
  const reports = await sendConnectorReports(services, d, log);
  return { day: d, sent: ok, result, card, reports };
}

/** Each connector's reports of the day (`dailyReports`); one that fails is logged and the others still go. */
async function collectReports(deps: Pick<DailySummaryDeps, 'pool' | 'connectors' | 'config' | 'now' | 'runs'>, day: string, log: Logger): Promise<{ connector: ConnectorDeclaration; report: ConnectorReport }[]> {
  const out: { connector: ConnectorDeclaration; report: ConnectorReport }[] = [];
  for (const c of deps.connectors) {
    if (!c.dailyReports || deps.runs?.(c.name) === false) continue;
    if (!deps.config) {
      log.warn({ connector: c.name }, `${c.title}'s daily reports not sent: the summary was started without the settings`);
      continue;
    }
    try {
      const ctx = { pool: deps.pool, settings: settingsOf(c, deps.config), log: log.child({ connector: c.name }), now: deps.now?.() ?? new Date() };
      for (const report of await c.dailyReports(ctx, day)) out.push({ connector: c, report });
    } catch (e) {
      log.error({ connector: c.name, error: describeError(e) }, `${c.title}'s daily report failed: ${describeError(e).message}`);
    }
  }
  return out;
}

/**
 * Post the connectors' reports after the summary card, to the same places: the card everywhere;
 * the attachment as an .xlsx to each bot chat, while the webhook's card says where the file is.
 */
async function sendConnectorReports(deps: DailySummaryDeps, day: string, log: Logger): Promise<ReportOutcome[]> {
  const outcomes: ReportOutcome[] = [];
  for (const { connector, report } of await collectReports(deps, day, log)) {
    const what = `report ${connector.name} ${day}: ${report.title}`;
    const attachment = report.attachment;
    // A code span: file names hold underscores, which markdown would read as emphasis.
    const file = attachment && `\`${attachment.fileName.replace(/`/g, "'")}\` (${attachment.sheet.rows.length} rows)`;
    const webhookNote = !file
      ? undefined
      : deps.broadcaster.sendsFiles
        ? `${file} is sent as a file to the Tongbu bot's chats: the webhook cannot carry files.`
        : `${file} is not attached: the webhook cannot carry files (the Tongbu bot's chats, FEISHU_NOTIFY_CHAT_IDS, would get it).`;
    const result = await deps.broadcaster.broadcast(reportCard(report), what, { webhookNote });
    const outcome: ReportOutcome = { connector: connector.name, title: report.title, result };
    if (attachment) {
      try {
        const data = await sheetWorkbook(report.title, attachment.sheet);
        outcome.file = { name: attachment.fileName, ...(await deps.broadcaster.broadcastFile({ name: attachment.fileName, data }, what)) };
      } catch (e) {
        log.error({ connector: connector.name, error: describeError(e) }, `${attachment.fileName} could not be built: ${describeError(e).message}`);
      }
    }
    outcomes.push(outcome);
  }
  if (outcomes.length) log.info({ reports: outcomes.map((o) => ({ title: o.title, delivered: o.result.delivered, file: o.file?.delivered })) }, 'connector reports sent');
  return outcomes;
}

async function markDay(pool: Pool, day: string, status: 'sent' | 'failed', detail: string): Promise<void> {
  await pool.query(
    `INSERT INTO notify_daily_sent (day, status, sent_at, detail) VALUES ($1, $2, CASE WHEN $2 = 'sent' THEN now() END, $3)
     ON CONFLICT (day) DO UPDATE SET status = EXCLUDED.status, sent_at = coalesce(EXCLUDED.sent_at, notify_daily_sent.sent_at), detail = EXCLUDED.detail`,
    [day, status, detail],
  );
}

/**
 * Run the summary on DAILY_SUMMARY_CRON in Asia/Shanghai, for the day before the run. Every
 * replica may schedule it; the notify_daily_sent row makes one of them send. Returns the task
 * (stop() it on shutdown), or undefined when DAILY_SUMMARY_ENABLED is false.
 */
export function scheduleDailySummary(deps: DailySummaryDeps & { config: Config; now?: () => Date }): ScheduledTask | undefined {
  if (!deps.config.DAILY_SUMMARY_ENABLED) {
    deps.log.info('daily summary disabled (DAILY_SUMMARY_ENABLED=false)');
    return undefined;
  }
  const now = deps.now ?? (() => new Date());
  const expr = deps.config.DAILY_SUMMARY_CRON;
  if (!cron.validate(expr)) throw new TongbuError('CONFIG_INVALID', `DAILY_SUMMARY_CRON="${expr}" is not a cron expression node-cron accepts (e.g. "30 7 * * *")`);
  return cron.schedule(
    expr,
    async () => {
      try {
        await sendDailySummary(deps, yesterday(now()), { once: true });
      } catch (e) {
        deps.log.error({ error: describeError(e) }, 'daily summary failed');
      }
    },
    { timezone: BUSINESS_TZ, name: 'daily-summary', noOverlap: true },
  );
}
