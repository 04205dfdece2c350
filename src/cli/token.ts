// `tongbu token status|refresh [platform] [--json]`: time left on each grant's tokens and the last
// refresh result; `refresh` forces one (the same as /token refresh in chat).
import { parseArgs } from 'node:util';
import { describeCredentialStatus } from '../ops/credentials.js';
import { allTokenStatus, describeTokenStatus, tokenRefresh } from '../ops/tokens.js';
import type { CliCommand } from './command.js';
import { printError, withServices } from './context.js';

export const tokenCommand: CliCommand = {
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
    } catch (e) {
      printError(e);
      return 2;
    }
    const [action, platform] = parsed.positionals;
    if (action !== 'status' && action !== 'refresh') {
      process.stderr.write('Usage: tongbu token status|refresh [platform] [--json]\n');
      return 2;
    }
    const json = parsed.values.json;
    return withServices(async (services) => {
      let code = 0;
      if (action === 'refresh') {
        const results = await tokenRefresh(services, platform);
        for (const r of results) {
          if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
          else if (r.ok) process.stdout.write(`${r.platform}/${r.account}: refreshed\n`);
          else process.stderr.write(`${r.platform}/${r.account}: ${r.error?.message}\n${r.error?.action}\n`);
          if (!r.ok) code = 1;
        }
      }
      const { oauth: rows, credentials } = await allTokenStatus(services, platform);
      if (json) {
        for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
        // Declared credentials (seller-issued tokens) say what they are: {"kind":"credential",…}.
        for (const c of credentials) process.stdout.write(`${JSON.stringify({ kind: 'credential', ...c })}\n`);
      } else {
        const lines = [...(rows.length || !credentials.length ? describeTokenStatus(rows, services) : []), ...describeCredentialStatus(credentials)];
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      return code;
      // A refresh in sandbox mode talks to the emulator; a status only reads the database.
    }, action === 'refresh' ? { emulators: true } : { light: true });
  },
};
