// Turning what people type into a command. Feishu replaces each @ with `@_user_N` (the people
// are in `mentions`); phones and Chinese input methods produce full-width slashes and spaces
// (／, U+3000), em dashes for "--" and stray spaces; commands may be Chinese (同步 = sync).

export const COMMAND_ALIASES: Record<string, string> = {
  同步: 'sync',
  去重: 'dedup',
  令牌: 'token',
  状态: 'status',
  帮助: 'help',
  停止: 'stop',
  启动: 'start',
  开始: 'start',
  导出: 'export',
};

export interface ParsedCommand {
  /** Canonical English name (lower case), or what was typed when unknown. */
  name: string;
  /** Positional arguments, as typed (normalised). */
  args: string[];
  /** `--force` and friends, lower case, without dashes. */
  flags: Set<string>;
  /** The normalised text, for error cards. */
  text: string;
}

/** Remove @-mention placeholders, fold full-width forms (NFKC), collapse spaces. */
export function normalizeText(text: string): string {
  return text
    .replace(/@_user_\d+|@_all/g, ' ')
    .normalize('NFKC')
    .replace(/[\u2014\u2013]+/g, '--') // — and – from autocorrected "--"
    .replace(/[\u200b\u00a0\s]+/g, ' ')
    .trim()
    // A mention typed or pasted as plain text ("@Tongbu /status") is not part of the command.
    .replace(/^(?:@\S+\s+)+(?=\S)/, '');
}

export function parseCommand(input: string, known: Iterable<string>, aliasMap: Record<string, string> = COMMAND_ALIASES): ParsedCommand | undefined {
  const text = normalizeText(input);
  if (!text) return undefined;
  const tokens = text.replace(/^\/+\s*/, '').split(' ').filter(Boolean);
  let head = tokens.shift() ?? '';
  // A Chinese alias can be glued to its first argument: "同步<connector>".
  // Longest first, so an alias that starts another (总 / 总览) cannot take its place.
  const alias = Object.keys(aliasMap).sort((a, b) => b.length - a.length).find((a) => head.startsWith(a) && /[^ -~]/.test(a));
  if (alias && head !== alias) {
    tokens.unshift(head.slice(alias.length));
    head = alias;
  }
  const names = new Set(known);
  let name = aliasMap[head] ?? aliasMap[head.toLowerCase()] ?? head.toLowerCase();
  if (!names.has(name) && names.has(name.replace(/^\/+/, ''))) name = name.replace(/^\/+/, '');
  const args: string[] = [];
  const flags = new Set<string>();
  for (const t of tokens) {
    if (/^--?[a-z]/i.test(t)) flags.add(t.replace(/^-+/, '').toLowerCase());
    else args.push(t);
  }
  return { name, args, flags, text };
}

/** 'YYYY-MM-DD' from typed dates: 2026-2-1, 2026/02/01, 2026.02.01, 20260201. */
export function normalizeDate(s: string): string | undefined {
  const m = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$/.exec(s.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A date or a range: 2026-02-11, 2026-02-01..2026-02-12, 2026-02-01~2026-02-12, or two words. */
export function parseRange(args: string[]): { range?: string; error?: string } {
  if (!args.length) return {};
  const joined = args.join(' ').replace(/\s*(\.\.|~|至|到)\s*/g, '..').trim();
  const parts = joined.includes('..') ? joined.split('..') : joined.split(' ');
  if (parts.length > 2) return { error: `"${joined}" is not a date or a range` };
  const dates = parts.map(normalizeDate);
  if (dates.some((d) => !d)) return { error: `"${joined}" is not a date (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)` };
  if (dates.length === 2 && (dates[0] as string) > (dates[1] as string)) return { error: `the range starts after it ends (${dates[0]} > ${dates[1]})` };
  return { range: dates.length === 2 && dates[0] !== dates[1] ? `${dates[0]}..${dates[1]}` : (dates[0] as string) };
}
