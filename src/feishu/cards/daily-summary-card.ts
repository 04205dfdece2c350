// The daily summary card: one section per connector (figures, then a 7-day line chart of its
// main figure). Chart element per contract §10: card JSON 2.0 `chart` with a VChart spec.
import type { SummarySection } from '../../engine/types.js';
import type { Card } from '../messenger.js';
import { BOT_CARD_MAX_BYTES, fitCard } from './card-size.js';
import { card, escapeMarkdown, hr, markdown } from './card-parts.js';
import { maskSensitive } from './mask.js';

/** A connector's part of the summary: its section, or why it could not be built. */
export interface SummaryPart {
  connector: string;
  title: string;
  section?: SummarySection;
  error?: string;
}

const FIGURES_PER_ROW = 3;

function figureRows(figures: SummarySection['figures']): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < figures.length; i += FIGURES_PER_ROW) {
    rows.push({
      tag: 'column_set',
      flex_mode: 'bisect',
      columns: figures.slice(i, i + FIGURES_PER_ROW).map((f) => ({
        tag: 'column',
        width: 'weighted',
        weight: 1,
        elements: [markdown(`<font color='grey'>${escapeMarkdown(maskSensitive(f.label))}</font>\n**${escapeMarkdown(maskSensitive(f.value))}**`)],
      })),
    });
  }
  return rows;
}

export function trendChart(trend: NonNullable<SummarySection['trend']>): Record<string, unknown> {
  return {
    tag: 'chart',
    aspect_ratio: '16:9',
    color_theme: 'brand',
    chart_spec: {
      type: 'line',
      title: { text: trend.label },
      data: { values: trend.points.map((p) => ({ day: p.day, value: p.value, ...(p.series ? { series: p.series } : {}) })) },
      xField: 'day',
      yField: 'value',
      ...(trend.points.some((p) => p.series) ? { seriesField: 'series', legends: { visible: true } } : {}),
    },
  };
}

export function dailySummaryCard(day: string, parts: SummaryPart[], maxBytes = BOT_CARD_MAX_BYTES): Card {
  const elements: Record<string, unknown>[] = [];
  parts.forEach((part, i) => {
    if (i > 0) elements.push(hr());
    elements.push(markdown(`**${escapeMarkdown(part.section?.title ?? part.title)}**`));
    if (part.error !== undefined || !part.section) {
      elements.push(markdown(`<font color='red'>No figures: ${escapeMarkdown(maskSensitive(part.error ?? 'no summary'))}</font>`));
      return;
    }
    if (part.section.figures.length === 0) elements.push(markdown('No data for this day.'));
    elements.push(...figureRows(part.section.figures));
    if (part.section.trend && part.section.trend.points.length > 0) elements.push(trendChart(part.section.trend));
  });
  if (parts.length === 0) elements.push(markdown('No connector has a summary.'));
  const full = card(`Tongbu daily summary ${day}`, 'blue', elements, 'Business day in Asia/Shanghai');
  return fitCard(full, maxBytes) ?? card(`Tongbu daily summary ${day}`, 'blue', []);
}
