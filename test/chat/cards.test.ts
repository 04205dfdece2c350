import { describe, expect, it } from 'vitest';
import { redact, safeText } from '../../src/chat/commands/cards.js';
import { helpCard } from '../../src/chat/commands/router.js';
import { progressCard } from '../../src/chat/commands/sync.js';
import type { RunView } from '../../src/ops/sync.js';
import { textOf, titleOf } from './harness.js';

const run = (over: Partial<RunView>): RunView => ({ key: 'k', connector: 'douyin-life', account: 'a', status: 'running', slicesDone: 3, slicesTotal: 12, inserted: 1200, updated: 5, unchanged: 0, pages: 4, ...over });

describe('cards', () => {
  it('masks phone numbers and removes tokens and secrets', () => {
    expect(redact('call 13812345678 now')).toBe('call 138****5678 now');
    expect(redact('token=abc123 and t-caecc734c2e3328a62489fe0648c4b98779515d3')).toBe('token=[redacted] and [token]');
    expect(redact('"access_token":"act.ffff"')).toBe('"access_token":"[redacted]"');
  });

  it('escapes markdown in outside text', () => {
    expect(safeText('<b>*x*</b>')).toBe('&#60;b&#62;&#42;x&#42;&#60;/b&#62;');
  });

  it('a running sync shows slices done / total and the counts', () => {
    const c = progressCard('抖音来客', '2026-02-01..2026-02-12', run({}));
    expect(titleOf(c)).toBe('Sync 抖音来客: running');
    expect(textOf(c)).toContain('3 / 12 slices');
    expect(textOf(c)).toContain('**1,200** new');
  });

  it('a failed sync ends with the error, what to do, and no phone number', () => {
    const c = progressCard('抖音来客', '2026-02-11', run({ status: 'failed', errorCode: 'SYNC_AUTH_FAILED', errorMessage: 'refused for 13812345678', errorAction: 'Check the app key.' }));
    expect(titleOf(c)).toBe('Sync 抖音来客: failed');
    expect(textOf(c)).not.toContain('13812345678');
    expect(textOf(c)).toContain('refused for 138&#42;&#42;&#42;&#42;5678'); // rendered as 138****5678
    expect(textOf(c)).toContain('What to do: Check the app key.');
    expect(textOf(c)).toContain('SYNC_AUTH_FAILED');
  });
});

describe('/help', () => {
  it('takes its examples and connector names from the declarations it is given, and names no other platform', () => {
    const text = textOf(helpCard([{ name: 'shop-x', title: '商店X', aliases: ['x', '商店'], mirror: [{ name: 'shop_x_orders', source: 'shop_x_orders', table: '订单', key: ['id'], fields: [] }] }]));
    expect(text).toContain('/sync shop-x 2026-02-11');
    expect(text).toContain('/dedup check shop_x_orders 2026-02-11');
    expect(text).toContain('商店X');
    expect(text).not.toMatch(/douyin|oceanengine/i);
    expect(textOf(helpCard([]))).toContain('/sync <connector>');
  });
});
