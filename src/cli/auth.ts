// `tongbu auth oceanengine [--grant NAME] [--code CODE]`: print the authorisation link, take the
// auth_code (pasted, or the whole redirect URL), exchange it and store the tokens encrypted.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { TongbuError } from '../errors.js';
import { tokenPlatform } from '../ops/tokens.js';
import type { CliCommand } from './command.js';
import { printError, withServices } from './context.js';

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

export const authCommand: CliCommand = {
  usage: 'auth oceanengine [--grant NAME] [--code CODE]',
  summary: 'authorise 巨量引擎: prints the link, takes the auth_code',
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { grant: { type: 'string' }, code: { type: 'string' } } });
    } catch (e) {
      printError(e);
      return 2;
    }
    const [name] = parsed.positionals;
    if (!name) {
      process.stderr.write('Usage: tongbu auth oceanengine [--grant NAME] [--code CODE]\n');
      return 2;
    }
    return withServices(async (services) => {
      const platform = tokenPlatform(name);
      const rt = services.engine?.runtime('oceanengine-local', { allowDisabled: true });
      const tokens = services.tokens;
      if (!tokens || !rt || rt.mode === 'disabled' || !tokens.platforms().includes(platform)) throw new TongbuError('OAUTH_NOT_CONFIGURED', '巨量引擎');
      const grant = parsed.values.grant ?? rt.config.OCEANENGINE_GRANT;
      if (rt.mode === 'sandbox') {
        process.stdout.write('Sandbox mode: the service authorises itself against the built-in emulator at start; nothing to do.\n');
        return 0;
      }
      let done;
      if (parsed.values.code) {
        done = await tokens.authorizeWithCode(platform, grant, parsed.values.code);
      } else {
        const link = await tokens.authorizationLink(platform, grant);
        process.stdout.write(`Open this link, sign in with the account that manages the 本地推 accounts, and allow access:\n\n  ${link}\n\n`);
        const answer = await ask('Paste the auth_code from the page you land on (or that whole address): ');
        if (/^https?:\/\//.test(answer)) {
          const back = new URL(answer);
          const code = back.searchParams.get('auth_code');
          const state = back.searchParams.get('state');
          if (!code) throw new TongbuError('TOKEN_AUTH_CODE_REJECTED', 'the address has no auth_code');
          done = state ? await tokens.completeAuthorization(platform, state, code) : await tokens.authorizeWithCode(platform, grant, code);
        } else {
          if (!answer) throw new TongbuError('TOKEN_AUTH_CODE_REJECTED', 'no code was given');
          done = await tokens.authorizeWithCode(platform, grant, answer);
        }
      }
      const accounts = done.grantedAccounts.length ? `; it covers accounts ${done.grantedAccounts.join(', ')}` : '';
      process.stdout.write(`巨量引擎 is authorised (grant "${done.account}")${accounts}.\n`);
      return 0;
    });
  },
};
