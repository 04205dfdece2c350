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
