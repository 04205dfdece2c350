import { describe, expect, it } from 'vitest';
import { normalizeDate, normalizeText, parseCommand, parseRange } from '../../src/chat/commands/parse.js';

const NAMES = ['help', 'status', 'sync', 'stop', 'start', 'dedup', 'token', 'export'];

describe('command parsing', () => {
  it('drops @-mention placeholders, folds full-width slash and spaces, collapses spaces', () => {
    expect(normalizeText('@_user_1\u3000／ｓｙｎｃ　 douyin-life   ２０２６-02-11')).toBe('/sync douyin-life 2026-02-11');
  });

  it('drops a mention typed as plain text before the command', () => {
    expect(normalizeText('@_user_1 @Tongbu /status')).toBe('/status');
    expect(parseCommand('@Tongbu  同步 douyin-life', NAMES)?.name).toBe('sync');
    expect(normalizeText('@Tongbu')).toBe('@Tongbu'); // a bare mention stays as typed
  });

  it('is case-insensitive for the command and keeps arguments', () => {
    const c = parseCommand('@_user_1   /SYNC  douyin-life  2026-02-11 --Force', NAMES);
    expect(c?.name).toBe('sync');
    expect(c?.args).toEqual(['douyin-life', '2026-02-11']);
    expect([...(c?.flags ?? [])]).toEqual(['force']);
  });

  it('understands Chinese aliases, with or without slash, glued or spaced', () => {
    expect(parseCommand('同步 douyin-life', NAMES)?.name).toBe('sync');
    expect(parseCommand('／同步douyin-life', NAMES)).toMatchObject({ name: 'sync', args: ['douyin-life'] });
    expect(parseCommand('去重 check t 2026-02-11', NAMES)?.name).toBe('dedup');
    expect(parseCommand('令牌', NAMES)?.name).toBe('token');
    expect(parseCommand('状态', NAMES)?.name).toBe('status');
    expect(parseCommand('帮助', NAMES)?.name).toBe('help');
    expect(parseCommand('停止 x', NAMES)?.name).toBe('stop');
    expect(parseCommand('启动 x', NAMES)?.name).toBe('start');
    expect(parseCommand('开始 x', NAMES)?.name).toBe('start');
    expect(parseCommand('导出 x 2026-01', NAMES)?.name).toBe('export');
  });

  it('reads an autocorrected em dash as --', () => {
    expect([...(parseCommand('/sync a 2026-02-11 —force', NAMES)?.flags ?? [])]).toEqual(['force']);
  });

  it('empty after the mention is no command', () => {
    expect(parseCommand('@_user_1  ', NAMES)).toBeUndefined();
  });

  it('dates and ranges', () => {
    expect(normalizeDate('2026/2/1')).toBe('2026-02-01');
    expect(normalizeDate('20260201')).toBe('2026-02-01');
    expect(normalizeDate('2026-02-30')).toBeUndefined();
    expect(parseRange(['2026-02-01..2026-02-12'])).toEqual({ range: '2026-02-01..2026-02-12' });
    expect(parseRange(['2026-02-01', '~', '2026-02-12'])).toEqual({ range: '2026-02-01..2026-02-12' });
    expect(parseRange(['2026-02-01', '2026-02-12'])).toEqual({ range: '2026-02-01..2026-02-12' });
    expect(parseRange(['2026-02-11'])).toEqual({ range: '2026-02-11' });
    expect(parseRange(['2026-02-12..2026-02-01']).error).toMatch(/starts after it ends/);
    expect(parseRange(['yesterday']).error).toMatch(/not a date/);
  });
});
