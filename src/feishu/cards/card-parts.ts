// Small builders for card JSON 2.0 (https://open.feishu.cn/document/feishu-cards/card-json-v2-structure).
// 2.0 only supports shared cards, so `update_multi` is always true (it must also stay true
// for the card to be patched later).
import type { Card } from '../messenger.js';

export type HeaderColour = 'blue' | 'green' | 'red' | 'orange' | 'yellow' | 'grey' | 'wathet' | 'turquoise';

export function card(title: string, colour: HeaderColour, elements: Record<string, unknown>[], subtitle?: string): Card {
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: {
      title: { tag: 'plain_text', content: title },
      ...(subtitle ? { subtitle: { tag: 'plain_text', content: subtitle } } : {}),
      template: colour,
    },
    body: { elements },
  };
}

/** Plain text: user-facing error text is never interpreted as markdown. */
export function text(content: string, opts: { bold?: boolean; colour?: string } = {}): Record<string, unknown> {
  return {
    tag: 'div',
    text: { tag: 'plain_text', content, ...(opts.colour ? { text_color: opts.colour } : {}), ...(opts.bold ? { text_size: 'normal' } : {}) },
  };
}

export function markdown(content: string): Record<string, unknown> {
  return { tag: 'markdown', content };
}

export function hr(): Record<string, unknown> {
  return { tag: 'hr' };
}

export function callbackButton(label: string, value: Record<string, unknown>, type: 'primary' | 'default' | 'danger' = 'primary'): Record<string, unknown> {
  return { tag: 'button', text: { tag: 'plain_text', content: label }, type, behaviors: [{ type: 'callback', value }] };
}

export function linkButton(label: string, url: string): Record<string, unknown> {
  return { tag: 'button', text: { tag: 'plain_text', content: label }, type: 'default', behaviors: [{ type: 'open_url', default_url: url }] };
}

/** Buttons side by side. */
export function buttonRow(buttons: Record<string, unknown>[]): Record<string, unknown> {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}

/** Escape the few characters Feishu markdown interprets, for values put into markdown. */
export function escapeMarkdown(s: string): string {
  return s.replace(/([*_~`[\]<>])/g, '\\$1');
}

type Element = Record<string, unknown>;

function isCallbackButton(e: Element): boolean {
  return e.tag === 'button' && Array.isArray(e.behaviors) && (e.behaviors as Element[]).some((b) => b.type === 'callback');
}

/**
 * The card without buttons that call back to the app. A custom bot (webhook) cannot receive
 * card callbacks, so in its chats such a button would only fail; the note says where to act.
 */
export function withoutCallbackButtons(c: Card, note: string): Card {
  let removed = false;
  const clean = (elements: Element[]): Element[] =>
    elements.flatMap((e): Element[] => {
      if (isCallbackButton(e)) {
        removed = true;
        return [];
      }
      if (Array.isArray(e.columns)) {
        const columns = (e.columns as Element[]).map((col) => ({ ...col, elements: clean((col.elements as Element[]) ?? []) })).filter((col) => col.elements.length > 0);
        return columns.length ? [{ ...e, columns }] : [];
      }
      if (Array.isArray(e.elements)) return [{ ...e, elements: clean(e.elements as Element[]) }];
      return [e];
    });
  const body = c.body as { elements?: Element[] } | undefined;
  const elements = clean(body?.elements ?? []);
  if (!removed) return c;
  return { ...c, body: { ...body, elements: [...elements, markdown(note)] } };
}
