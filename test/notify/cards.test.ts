import { describe, expect, it } from 'vitest';
import { maskSensitive } from '../../src/feishu/cards/mask.js';
import { alertCard, recoveryCard, shanghaiTime } from '../../src/feishu/cards/alert-card.js';
import { cardText, fitCard } from '../../src/feishu/cards/card-size.js';
import { card, markdown, withoutCallbackButtons } from '../../src/feishu/cards/card-parts.js';

describe('chat text masking', () => {
  it('masks mainland mobile numbers as 138****0000', () => {
    expect(maskSensitive('call 13800000000 or +86 139-1234-5678')).toBe('call 138****0000 or 139****5678');
    expect(maskSensitive('order 202602110001234567 total 12800')).toBe('order 202602110001234567 total 12800');
  });

  it('hides tokens, secrets and bearer credentials', () => {
    const out = maskSensitive('access_token=act.abc123def456ghi789jkl012 refresh_token: "rft.zzz" Bearer t-g1044qeGEDXTB6NDJOGV4JQCYDGHRBARFTGT1234 app_secret=abc sign=Zm9v');
    expect(out).not.toMatch(/act\.abc|rft\.zzz|t-g1044|secret=abc|Zm9v/);
    expect(out).toContain('access_token=[hidden]');
    expect(out).toContain('Bearer [hidden]');
  });

  it('hides long opaque keys but keeps ordinary words and ids', () => {
    expect(maskSensitive('key 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 rejected')).toBe('key [hidden] rejected');
    expect(maskSensitive('account 1234567 failed on 2026-02-11')).toBe('account 1234567 failed on 2026-02-11');
  });
});

describe('alert and recovery cards', () => {
  const since = new Date('2026-02-11T02:00:00Z');

  it('an alert without retry or link has no buttons; with both it has a callback and an open_url button', () => {
    const bare = alertCard({ key: 'k', title: 'T', message: 'M', action: 'A' }, { count: 1, since });
    expect(JSON.stringify(bare)).not.toContain('"tag":"button"');
    const full = alertCard({ key: 'k', title: 'T', message: 'M', action: 'A', retry: { connector: 'xiaoe' }, link: { text: 'Open', url: 'https://x.example/?access_token=abc' } }, { count: 1, since });
    const json = JSON.stringify(full);
    expect(json).toContain('{"type":"callback","value":{"action":"retry","connector":"xiaoe"}}');
    expect(json).toContain('"default_url":"https://x.example/?access_token=[hidden]"');
    expect((full.header as { template: string }).template).toBe('red');
  });

  it('the retry button carries { action: retry, connector, account, from, to } for the bot\'s callback handler', () => {
    const c = alertCard({ key: 'k', title: 'T', message: 'M', action: 'A', retry: { connector: 'douyin-life', account: '123', from: '2026-02-10 00:00', to: '2026-02-11 23:59' } }, { count: 1, since });
    expect(JSON.stringify(c)).toContain(JSON.stringify({ type: 'callback', value: { action: 'retry', connector: 'douyin-life', account: '123', from: '2026-02-10 00:00', to: '2026-02-11 23:59' } }));
  });

  it('withoutCallbackButtons drops callback buttons (and emptied rows) but keeps links, adding the note', () => {
    const c = alertCard({ key: 'k', title: 'T', message: 'M', action: 'A', retry: { connector: 'xiaoe' }, link: { text: 'Open', url: 'https://x.example/' } }, { count: 1, since });
    const hook = JSON.stringify(withoutCallbackButtons(c, 'NOTE'));
    expect(hook).not.toContain('callback');
    expect(hook).toContain('https://x.example/');
    expect(hook).toContain('NOTE');
    const onlyRetry = alertCard({ key: 'k', title: 'T', message: 'M', action: 'A', retry: { connector: 'xiaoe' } }, { count: 1, since });
    expect(JSON.stringify(withoutCallbackButtons(onlyRetry, 'NOTE'))).not.toContain('column_set');
    const none = alertCard({ key: 'k', title: 'T', message: 'M', action: 'A' }, { count: 1, since });
    expect(withoutCallbackButtons(none, 'NOTE')).toBe(none);
  });

  it('times are shown in Asia/Shanghai', () => {
    expect(shanghaiTime(since)).toBe('2026-02-11 10:00');
    const r = recoveryCard({ title: 'T', message: 'ok 13800000000', since, at: new Date('2026-02-11T03:15:00Z'), count: 3 });
    const json = JSON.stringify(r);
    expect(json).toContain('Failed 3 times from 2026-02-11 10:00 to 2026-02-11 11:15');
    expect(json).toContain('138****0000');
  });

  it('cardText gives the words of a card for a text fallback', () => {
    expect(cardText(card('Tongbu x', 'blue', [markdown('**a**'), { tag: 'div', text: { tag: 'plain_text', content: 'b' } }]))).toBe('Tongbu x\n**a**\nb');
  });

  it('fitCard returns undefined when even the header does not fit', () => {
    expect(fitCard(card('x'.repeat(500), 'blue', [markdown('y')]), 100)).toBeUndefined();
  });
});
