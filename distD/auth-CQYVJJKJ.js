import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  oauthPlatforms,
  tokenPlatform
} from "./chunk-4N4ZG2AM.js";
import {
  printError,
  withServices
} from "./chunk-LPKARAVT.js";
import "./chunk-ZLXQIJQH.js";
import "./chunk-MXRYIYM3.js";
import {
  TongbuError
} from "./chunk-TJ5FBCIB.js";
import "./chunk-B65ONXEY.js";
import "./chunk-7VM5WVL3.js";
import "./chunk-BVAWLABE.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/cli/auth.ts
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
async function ask(question) {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}
__name(ask, "ask");
var authCommand = {
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { grant: { type: "string" }, code: { type: "string" } } });
    } catch (e) {
      printError(e);
      return 2;
    }
    const [name] = parsed.positionals;
    if (!name) {
      process.stderr.write("Usage: tongbu auth <platform> [--grant NAME] [--code CODE]\n");
      return 2;
    }
    return withServices(async (services) => {
      const platform = tokenPlatform(services, name);
      const runtimes = [...services.engine?.runtimes.values() ?? []].filter((r) => r.decl.oauth?.platform === platform && r.mode !== "disabled");
      const typed = name.trim().toLowerCase();
      const rt = runtimes.find((r) => r.decl.name === typed || r.decl.aliases?.some((a) => a.toLowerCase() === typed)) ?? runtimes[0];
      const oauth = rt?.decl.oauth ?? oauthPlatforms(services).find((o) => o.platform === platform);
      const tokens = services.tokens;
      if (!oauth || !tokens || !rt || !tokens.platforms().includes(platform)) throw new TongbuError("OAUTH_NOT_CONFIGURED", oauth?.title ?? name);
      const grant = parsed.values.grant ?? oauth.defaultGrant(rt.settings);
      if (rt.mode === "sandbox") {
        process.stdout.write("Sandbox mode: the service authorises itself against the built-in emulator at start; nothing to do.\n");
        return 0;
      }
      let done;
      if (parsed.values.code) {
        done = await tokens.authorizeWithCode(platform, grant, parsed.values.code);
      } else {
        const link = await tokens.authorizationLink(platform, grant);
        process.stdout.write(`Open this link, sign in${oauth.signInHint ? ` with ${oauth.signInHint}` : ""}, and allow access:

  ${link}

`);
        const answer = await ask("Paste the auth_code from the page you land on (or that whole address): ");
        if (/^https?:\/\//.test(answer)) {
          const back = new URL(answer);
          const code = back.searchParams.get("auth_code");
          const state = back.searchParams.get("state");
          if (!code) throw new TongbuError("TOKEN_AUTH_CODE_REJECTED", "the address has no auth_code");
          done = state ? await tokens.completeAuthorization(platform, state, code) : await tokens.authorizeWithCode(platform, grant, code);
        } else {
          if (!answer) throw new TongbuError("TOKEN_AUTH_CODE_REJECTED", "no code was given");
          done = await tokens.authorizeWithCode(platform, grant, answer);
        }
      }
      const accounts = done.grantedAccounts.length ? `; it covers accounts ${done.grantedAccounts.join(", ")}` : "";
      process.stdout.write(`${oauth.title} is authorised (grant "${done.account}")${accounts}.
`);
      return 0;
    });
  }
};
export {
  authCommand
};
//# sourceMappingURL=auth-CQYVJJKJ.js.map
