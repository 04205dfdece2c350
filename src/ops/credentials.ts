// Credentials kept outside OAuth (a connector's `credentials`: seller-issued shop tokens with no
// refresh), listed next to the OAuth grants by `/token status`, `tongbu token status`, /status and
// GET /api/tokens. Each connector reads its own from PostgreSQL (never a token value).
import type { ConnectorDeclaration } from '../engine/types.js';
import { describeError } from '../errors.js';
import type { Services } from '../services.js';

export interface CredentialRow {
  connector: string;
  /** The connector's `credentials.title`: "… shop tokens". */
  title: string;
  name: string;
  detail: string;
  expiresAt: string | null;
  /** Seconds until it expires (negative: expired), null when the platform did not say. */
  secondsLeft: number | null;
  problem: string | null;
}

const DAY = 86_400;

/** The connectors that declare credentials, optionally only the one named (name or alias). */
export function credentialConnectors(services: Pick<Services, 'connectors'>, name?: string): ConnectorDeclaration[] {
  const n = name?.trim().toLowerCase();
  return (services.connectors ?? []).filter((c) => c.credentials && (n === undefined || c.name === n || c.aliases?.some((a) => a.toLowerCase() === n)));
}

/** Every declared credential; a connector whose status cannot be read gives one row naming the problem. */
export async function credentialStatus(services: Services, name?: string, now = new Date()): Promise<CredentialRow[]> {
  const rows: CredentialRow[] = [];
  for (const c of credentialConnectors(services, name)) {
    const creds = c.credentials!;
    try {
      const rt = services.engine?.runtime(c.name, { allowDisabled: true });
      if (!rt) continue; // no engine (a bare test services object): nothing to read them with
      for (const s of await creds.status(rt.context)) {
        const exp = s.expiresAt ?? null;
        rows.push({
          connector: c.name,
          title: creds.title,
          name: s.name,
          detail: s.detail,
          expiresAt: exp ? exp.toISOString() : null,
          secondsLeft: exp ? Math.floor((exp.getTime() - now.getTime()) / 1000) : null,
          problem: s.problem ?? null,
        });
      }
    } catch (e) {
      rows.push({ connector: c.name, title: creds.title, name: c.name, detail: '', expiresAt: null, secondsLeft: null, problem: `cannot read: ${describeError(e).message}` });
    }
  }
  return rows;
}

/** True when a credential needs a person: a problem, expired, or under 3 days left. */
export function credentialNeedsAttention(r: CredentialRow): boolean {
  return Boolean(r.problem) || (r.secondsLeft !== null && r.secondsLeft < 3 * DAY);
}

function left(r: CredentialRow): string {
  if (r.secondsLeft === null) return 'expiry not known';
  const d = Math.floor(Math.abs(r.secondsLeft) / DAY);
  const day = r.expiresAt?.slice(0, 10);
  return r.secondsLeft < 0 ? `EXPIRED ${day} (${d} d ago)` : `expires ${day} (${d} d left)`;
}

/** One line per credential (chat card, CLI). */
export function describeCredentialStatus(rows: CredentialRow[]): string[] {
  return rows.map((r) => `${r.name} (${r.title}): ${r.detail ? `${r.detail}; ` : ''}${left(r)}${r.problem ? `; PROBLEM: ${r.problem}` : ''}`);
}

/** One line per connector, for /status: how many, how many need attention, the next expiry. */
export function briefCredentialStatus(rows: CredentialRow[]): string[] {
  const byConnector = new Map<string, CredentialRow[]>();
  for (const r of rows) byConnector.set(r.title, [...(byConnector.get(r.title) ?? []), r]);
  return [...byConnector].map(([title, rs]) => {
    const bad = rs.filter(credentialNeedsAttention);
    const next = rs.filter((r) => r.expiresAt).sort((a, b) => (a.expiresAt as string).localeCompare(b.expiresAt as string))[0];
    return `${title}: ${rs.length}${bad.length ? `, ${bad.length} need attention (${bad.map((r) => r.name).join(', ')})` : ', all fine'}${next ? `; next expiry ${next.expiresAt?.slice(0, 10)}` : ''}`;
  });
}
