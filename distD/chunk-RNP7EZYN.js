import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  BOT_CARD_MAX_BYTES,
  card,
  escapeMarkdown,
  fitCard,
  hr,
  markdown,
  maskSensitive,
  safeText
} from "./chunk-WBJRFPRW.js";
import {
  loadRates,
  overviewDays
} from "./chunk-N32ZS3A6.js";
import {
  sheetWorkbook
} from "./chunk-LHHEMKC6.js";
import {
  BUSINESS_TZ,
  addDays,
  formatYuan,
  parseDay,
  yesterday
} from "./chunk-MXRYIYM3.js";
import {
  TongbuError,
  describeError,
  nodeCron,
  settingsOf
} from "./chunk-TJ5FBCIB.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/feishu/cards/daily-summary-card.ts
var FIGURES_PER_ROW = 3;
function figureRows(figures) {
  const rows = [];
  for (let i = 0; i < figures.length; i += FIGURES_PER_ROW) {
    rows.push({
      tag: "column_set",
      flex_mode: "bisect",
      columns: figures.slice(i, i + FIGURES_PER_ROW).map((f) => ({
        tag: "column",
        width: "weighted",
        weight: 1,
        elements: [markdown(`<font color='grey'>${escapeMarkdown(maskSensitive(f.label))}</font>
**${escapeMarkdown(maskSensitive(f.value))}**`)]
      }))
    });
  }
  return rows;
}
__name(figureRows, "figureRows");
function trendChart(trend) {
  return {
    tag: "chart",
    aspect_ratio: "16:9",
    color_theme: "brand",
    chart_spec: {
      type: "line",
      title: { text: trend.label },
      data: { values: trend.points.map((p) => ({ day: p.day, value: p.value, ...p.series ? { series: p.series } : {} })) },
      xField: "day",
      yField: "value",
      ...trend.points.some((p) => p.series) ? { seriesField: "series", legends: { visible: true } } : {}
    }
  };
}
__name(trendChart, "trendChart");
function dailySummaryCard(day, parts, maxBytes = BOT_CARD_MAX_BYTES) {
  const elements = [];
  parts.forEach((part, i) => {
    if (i > 0) elements.push(hr());
    elements.push(markdown(`**${escapeMarkdown(part.section?.title ?? part.title)}**`));
    if (part.error !== void 0 || !part.section) {
      elements.push(markdown(`<font color='red'>No figures: ${escapeMarkdown(maskSensitive(part.error ?? "no summary"))}</font>`));
      return;
    }
    if (part.section.figures.length === 0) elements.push(markdown("No data for this day."));
    elements.push(...figureRows(part.section.figures));
    if (part.section.trend && part.section.trend.points.length > 0) elements.push(trendChart(part.section.trend));
  });
  if (parts.length === 0) elements.push(markdown("No connector has a summary."));
  const full = card(`Tongbu daily summary ${day}`, "blue", elements, "Business day in Asia/Shanghai");
  return fitCard(full, maxBytes) ?? card(`Tongbu daily summary ${day}`, "blue", []);
}
__name(dailySummaryCard, "dailySummaryCard");

// src/feishu/cards/report-card.ts
var TONES = { info: "blue", success: "green", warning: "orange" };
function reportCard(r) {
  return card(r.title, TONES[r.tone ?? "info"], [
    ...r.figures.length ? [markdown(r.figures.map((f) => `**${safeText(f.label)}**: ${safeText(f.value)}`).join("\n"))] : [],
    ...(r.notes ?? []).map((n) => markdown(n))
  ]);
}
__name(reportCard, "reportCard");

// src/notify/overview-section.ts
function change(now, before) {
  const b = Number(before);
  if (!b) return "\u2014";
  const pct = (Number(now) - b) / Math.abs(b) * 100;
  return `${pct >= 0 ? "+" : "\u2212"}${Math.abs(pct).toFixed(1)}%`;
}
__name(change, "change");
function figure(label, pick, day, dayBefore, weekBefore, money = true) {
  const v = pick(day);
  const show = /* @__PURE__ */ __name((x) => x === null ? "\u2014" : money ? formatYuan(x) : x, "show");
  return { label, value: `${show(v)} (vs day before ${v === null ? "\u2014" : change(v, pick(dayBefore) ?? "0")}, vs last week ${v === null ? "\u2014" : change(v, pick(weekBefore) ?? "0")})` };
}
__name(figure, "figure");
async function overviewSection(pool, rates, day) {
  const days = await overviewDays(pool, rates, addDays(day, -29), day);
  const at = /* @__PURE__ */ __name((d) => days.find((x) => x.day === d), "at");
  const [today, dayBefore, weekBefore] = [at(day), at(addDays(day, -1)), at(addDays(day, -7))];
  const figures = [
    figure("Revenue", (d) => d.revenue, today, dayBefore, weekBefore),
    figure("Refunds", (d) => d.refunds, today, dayBefore, weekBefore),
    figure("Ad spend", (d) => d.adSpend, today, dayBefore, weekBefore),
    figure("ROI", (d) => d.roi, today, dayBefore, weekBefore, false)
  ];
  if (today.missingRates.length) figures.push({ label: "Not counted", value: `${today.missingRates.join(", ")}: no exchange rate (tongbu fx set <CODE> <rate>)` });
  return {
    title: "Overview, all platforms (\u5143)",
    figures,
    trend: {
      label: "Revenue vs ad spend, 30 days (\u5143)",
      points: days.flatMap((d) => [
        { day: d.day, value: Number(d.revenue), series: "revenue" },
        { day: d.day, value: Number(d.adSpend), series: "ad spend" }
      ])
    }
  };
}
__name(overviewSection, "overviewSection");

// src/notify/daily-summary.ts
function checkDay(day) {
  const d = parseDay(day);
  if (!d) throw new TongbuError("NOTIFY_DAY_INVALID", day);
  return d;
}
__name(checkDay, "checkDay");
async function collectSummary(pool, connectors, day, log) {
  const parts = [];
  for (const c of connectors) {
    if (!c.summary) continue;
    try {
      parts.push({ connector: c.name, title: c.title, section: await c.summary(pool, day) });
    } catch (e) {
      const err = describeError(e);
      log.error({ connector: c.name, day, error: err }, "daily summary section failed");
      parts.push({ connector: c.name, title: c.title, error: err.message });
    }
  }
  return parts;
}
__name(collectSummary, "collectSummary");
async function overviewPart(deps, day) {
  if (!deps.connectors.some((c) => c.dailyMetrics)) return [];
  try {
    const rates = await loadRates(deps.pool, { FX_RATES: deps.config?.FX_RATES ?? {} });
    return [{ connector: "overview", title: "Overview", section: await overviewSection(deps.pool, rates, day) }];
  } catch (e) {
    const err = describeError(e);
    deps.log.error({ day, error: err }, "daily summary overview failed");
    return [{ connector: "overview", title: "Overview", error: err.message }];
  }
}
__name(overviewPart, "overviewPart");
async function buildDailySummary(deps, day) {
  const d = checkDay(day);
  return dailySummaryCard(d, [...await overviewPart(deps, d), ...await collectSummary(deps.pool, deps.connectors, d, deps.log)]);
}
__name(buildDailySummary, "buildDailySummary");
async function sendDailySummary(services, day = yesterday(), opts = {}) {
  const d = checkDay(day);
  const log = services.log.child({ mod: "daily-summary", day: d });
  if (opts.once) {
    const claimed = await services.pool.query(`INSERT INTO notify_daily_sent (day) VALUES ($1) ON CONFLICT (day) DO NOTHING RETURNING day`, [d]);
    if (claimed.rowCount === 0) {
      log.info("daily summary already sent (or being sent) by another replica");
      return { day: d, sent: false };
    }
  }
  let card2;
  try {
    card2 = await buildDailySummary(services, d);
  } catch (e) {
    await markDay(services.pool, d, "failed", describeError(e).message);
    log.error({ error: describeError(e) }, "daily summary could not be built");
    return { day: d, sent: false };
  }
  const result = await services.broadcaster.broadcast(card2, `daily summary ${d}`);
  const ok = result.logOnly || result.delivered > 0;
  await markDay(services.pool, d, ok ? "sent" : "failed", `${result.delivered} delivered, ${result.failed} failed`);
  if (ok) log.info({ delivered: result.delivered, failed: result.failed }, "daily summary sent");
  const reports = await sendConnectorReports(services, d, log);
  return { day: d, sent: ok, result, card: card2, reports };
}
__name(sendDailySummary, "sendDailySummary");
async function collectReports(deps, day, log) {
  const out = [];
  for (const c of deps.connectors) {
    if (!c.dailyReports || deps.runs?.(c.name) === false) continue;
    if (!deps.config) {
      log.warn({ connector: c.name }, `${c.title}'s daily reports not sent: the summary was started without the settings`);
      continue;
    }
    try {
      const ctx = { pool: deps.pool, settings: settingsOf(c, deps.config), log: log.child({ connector: c.name }), now: deps.now?.() ?? /* @__PURE__ */ new Date() };
      for (const report of await c.dailyReports(ctx, day)) out.push({ connector: c, report });
    } catch (e) {
      log.error({ connector: c.name, error: describeError(e) }, `${c.title}'s daily report failed: ${describeError(e).message}`);
    }
  }
  return out;
}
__name(collectReports, "collectReports");
async function sendConnectorReports(deps, day, log) {
  const outcomes = [];
  for (const { connector, report } of await collectReports(deps, day, log)) {
    const what = `report ${connector.name} ${day}: ${report.title}`;
    const attachment = report.attachment;
    const file = attachment && `\`${attachment.fileName.replace(/`/g, "'")}\` (${attachment.sheet.rows.length} rows)`;
    const webhookNote = !file ? void 0 : deps.broadcaster.sendsFiles ? `${file} is sent as a file to the Tongbu bot's chats: the webhook cannot carry files.` : `${file} is not attached: the webhook cannot carry files (the Tongbu bot's chats, FEISHU_NOTIFY_CHAT_IDS, would get it).`;
    const result = await deps.broadcaster.broadcast(reportCard(report), what, { webhookNote });
    const outcome = { connector: connector.name, title: report.title, result };
    if (attachment) {
      try {
        const data = await sheetWorkbook(report.title, attachment.sheet);
        outcome.file = { name: attachment.fileName, ...await deps.broadcaster.broadcastFile({ name: attachment.fileName, data }, what) };
      } catch (e) {
        log.error({ connector: connector.name, error: describeError(e) }, `${attachment.fileName} could not be built: ${describeError(e).message}`);
      }
    }
    outcomes.push(outcome);
  }
  if (outcomes.length) log.info({ reports: outcomes.map((o) => ({ title: o.title, delivered: o.result.delivered, file: o.file?.delivered })) }, "connector reports sent");
  return outcomes;
}
__name(sendConnectorReports, "sendConnectorReports");
async function markDay(pool, day, status, detail) {
  await pool.query(
    `INSERT INTO notify_daily_sent (day, status, sent_at, detail) VALUES ($1, $2, CASE WHEN $2 = 'sent' THEN now() END, $3)
     ON CONFLICT (day) DO UPDATE SET status = EXCLUDED.status, sent_at = coalesce(EXCLUDED.sent_at, notify_daily_sent.sent_at), detail = EXCLUDED.detail`,
    [day, status, detail]
  );
}
__name(markDay, "markDay");
function scheduleDailySummary(deps) {
  if (!deps.config.DAILY_SUMMARY_ENABLED) {
    deps.log.info("daily summary disabled (DAILY_SUMMARY_ENABLED=false)");
    return void 0;
  }
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const expr = deps.config.DAILY_SUMMARY_CRON;
  if (!nodeCron.validate(expr)) throw new TongbuError("CONFIG_INVALID", `DAILY_SUMMARY_CRON="${expr}" is not a cron expression node-cron accepts (e.g. "30 7 * * *")`);
  return nodeCron.schedule(
    expr,
    async () => {
      try {
        await sendDailySummary(deps, yesterday(now()), { once: true });
      } catch (e) {
        deps.log.error({ error: describeError(e) }, "daily summary failed");
      }
    },
    { timezone: BUSINESS_TZ, name: "daily-summary", noOverlap: true }
  );
}
__name(scheduleDailySummary, "scheduleDailySummary");

export {
  trendChart,
  reportCard,
  checkDay,
  buildDailySummary,
  sendDailySummary,
  scheduleDailySummary
};
//# sourceMappingURL=chunk-RNP7EZYN.js.map
