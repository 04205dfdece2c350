// Cards the bot answers with (Feishu card JSON 2.0, contract §4). 2.0 cards are shared cards,
// so `update_multi: true` is always set — it is also what lets /sync patch its card.
// Text that came from outside (error details, names) goes through safeText(): no phone
// numbers or tokens in chat, and no markdown injection.
import { describeError } from '../../errors.js';
import type { Card } from '../../feishu/messenger.js';
import { safeText } from '../../feishu/cards/mask.js';

// Shared with the cards the notifications send (a connector's report card).
export { redact, safeText } from '../../feishu/cards/mask.js';

export type CardColour = 'blue' | 'green' | 'red' | 'orange' | 'grey' | 'turquoise';

export function card(title: string, colour: CardColour, elements: Record<string, unknown>[]): Card {
  return {
    schema: '2.0',
    config: { update_multi: true, wide_screen_mode: true },
    header: { template: colour, title: { tag: 'plain_text', content: title } },
    body: { elements },
  };
}

export const md = (content: string): Record<string, unknown> => ({ tag: 'markdown', content });
export const hr = (): Record<string, unknown> => ({ tag: 'hr' });
export const note = (content: string): Record<string, unknown> => ({ tag: 'markdown', content, text_size: 'notation' });

export function errorCard(e: unknown, title = 'That did not work'): Card {
  const { message, action, code } = describeError(e);
  return card(title, 'red', [md(`**${safeText(message)}**`), md(`What to do: ${safeText(action)}`), note(`code ${code}`)]);
}

export function usageCard(problem: string, usage: string[], title = 'Not quite'): Card {
  return card(title, 'orange', [md(safeText(problem)), md(`Right form:\n${usage.map((u) => `\`${u}\``).join('\n')}`), note('Send /help for every command.')]);
}
