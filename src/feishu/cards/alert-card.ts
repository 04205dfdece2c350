// The cards of failure alerts and recoveries (docs/notifications.md). Every free-text field
// goes through maskSensitive: platform errors often echo phone numbers and tokens.
import type { AlertInput } from '../../notifier.js';
import type { Card } from '../messenger.js';
import { formatBusinessTime } from '../../engine/time.js';
import { buttonRow, callbackButton, card, hr, linkButton, markdown, text } from './card-parts.js';
import { maskSensitive, maskUrl } from './mask.js';

/** The callback value of the alert's retry button; the bot's card-action handler reads it. */
export interface RetryAction {
  action: 'retry';
  connector: string;
  account?: string;
  from?: string;
  to?: string;
}

export interface AlertCardInfo {
  /** Occurrences of this failure so far in the episode (1 = first). */
  count: number;
  /** When it started failing. */
  since: Date;
}

/** `2026-02-11 07:30` in Asia/Shanghai. */
export const shanghaiTime = formatBusinessTime;

export function retryAction(retry: NonNullable<AlertInput['retry']>): RetryAction {
  const value: RetryAction = { action: 'retry', connector: retry.connector };
  if (retry.account !== undefined) value.account = retry.account;
  if (retry.from !== undefined) value.from = retry.from;
  if (retry.to !== undefined) value.to = retry.to;
  return value;
}

export function alertCard(input: AlertInput, info: AlertCardInfo): Card {
  const repeated = info.count > 1 ? ` · ${info.count} times since ${shanghaiTime(info.since)}` : '';
  const elements: Record<string, unknown>[] = [
    markdown('**What failed**'),
    text(maskSensitive(input.title)),
    markdown('**Error**'),
    text(maskSensitive(input.message)),
    markdown('**What to do**'),
    text(maskSensitive(input.action)),
  ];
  const buttons: Record<string, unknown>[] = [];
  if (input.retry) buttons.push(callbackButton('Retry', { ...retryAction(input.retry) }));
  if (input.link) buttons.push(linkButton(maskSensitive(input.link.text), maskUrl(input.link.url)));
  if (buttons.length) elements.push(hr(), buttonRow(buttons));
  return card(`Tongbu alert: ${maskSensitive(input.title)}`, 'red', elements, `Failing since ${shanghaiTime(info.since)} (Asia/Shanghai)${repeated}`);
}

export interface RecoveryCardInfo {
  title: string;
  message: string;
  since: Date;
  at: Date;
  count: number;
}

export function recoveryCard(info: RecoveryCardInfo): Card {
  const elements = [
    text(maskSensitive(info.message)),
    markdown(`Failed ${info.count} time${info.count === 1 ? '' : 's'} from ${shanghaiTime(info.since)} to ${shanghaiTime(info.at)} (Asia/Shanghai).`),
  ];
  return card(`Tongbu recovered: ${maskSensitive(info.title)}`, 'green', elements);
}
