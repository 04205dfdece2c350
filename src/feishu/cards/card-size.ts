// Size limits of cards: 30 KB for a bot message (im/v1/messages, error 230025) and 20 KB for
// the whole body of a custom-bot webhook request. A card over the limit is shrunk rather than
// refused: charts go first (they are the largest and least essential), then elements from the
// end, with a line saying what was left out.
import type { Card } from '../messenger.js';

export const BOT_CARD_MAX_BYTES = 30 * 1024;
export const WEBHOOK_BODY_MAX_BYTES = 20 * 1024;

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

type Element = Record<string, unknown>;

function elementsOf(c: Card): Element[] {
  return ((c.body as { elements?: Element[] } | undefined)?.elements ?? []) as Element[];
}

function withElements(c: Card, elements: Element[]): Card {
  return { ...c, body: { ...(c.body as object), elements } };
}

function stripCharts(elements: Element[]): Element[] {
  return elements.map((e) => {
    if (e.tag === 'chart') return { tag: 'markdown', content: '_(trend chart left out: the card was too large)_' };
    if (Array.isArray(e.elements)) return { ...e, elements: stripCharts(e.elements as Element[]) };
    if (Array.isArray(e.columns)) return { ...e, columns: (e.columns as Element[]).map((col) => ({ ...col, elements: stripCharts((col.elements as Element[]) ?? []) })) };
    return e;
  });
}

/**
 * The card, shrunk until `measure(card)` ≤ maxBytes; undefined when even the bare header
 * does not fit. `measure` lets the webhook count its envelope too.
 */
export function fitCard(c: Card, maxBytes: number, measure: (c: Card) => number = jsonBytes): Card | undefined {
  if (measure(c) <= maxBytes) return c;
  let elements = stripCharts(elementsOf(c));
  let candidate = withElements(c, elements);
  if (measure(candidate) <= maxBytes) return candidate;
  const total = elements.length;
  while (elements.length > 0) {
    elements = elements.slice(0, -1);
    const note = { tag: 'markdown', content: `_(${total - elements.length} more part${total - elements.length === 1 ? '' : 's'} left out: the card was too large)_` };
    candidate = withElements(c, [...elements, note]);
    if (measure(candidate) <= maxBytes) return candidate;
  }
  candidate = withElements(c, []);
  return measure(candidate) <= maxBytes ? candidate : undefined;
}

/** The card's words as plain text (title, then every text content), for a text fallback. */
export function cardText(c: Card): string {
  const lines: string[] = [];
  const title = (c.header as { title?: { content?: string } } | undefined)?.title?.content;
  if (title) lines.push(title);
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.tag === 'chart') return;
      if ((o.tag === 'plain_text' || o.tag === 'markdown' || o.tag === 'lark_md') && typeof o.content === 'string') lines.push(o.content);
      for (const [k, child] of Object.entries(o)) if (k !== 'behaviors' && k !== 'header') walk(child);
    }
  };
  walk(c.body);
  return lines.join('\n');
}
