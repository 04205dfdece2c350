// `tongbu fx set <CODE> <rate>` (元 per unit) and `tongbu fx list`: exchange rates for the overview.
import { loadRates } from '../overview/rates.js';
import { setExchangeRate } from '../ops/overview.js';
import type { CliCommand } from './command.js';
import { withServices } from './context.js';

export const fxCommand: CliCommand = {
  async run(args) {
    const [verb, code, rate] = args;
    if (!(verb === 'list' || (verb === 'set' && code && rate))) {
      process.stderr.write('Usage: tongbu fx set <CODE> <rate>   (元 per unit, e.g. tongbu fx set USD 7.12)\n       tongbu fx list\n');
      return 2;
    }
    return withServices(
      async (services) => {
        if (verb === 'set') await setExchangeRate(services, code as string, rate as string, 'cli');
        for (const [c, r] of await loadRates(services.pool, services.config)) process.stdout.write(`${c} = ${r} 元\n`);
        return 0;
      },
      { emulators: false },
    );
  },
};
