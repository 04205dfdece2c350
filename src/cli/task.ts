import { setTaskState } from '../ops/tasks.js';
import { withServices } from './context.js';
import type { CliCommand } from './command.js';

export const taskCommand: CliCommand = {
  async run(args) {
    const [verb, name] = args;
    if ((verb !== 'stop' && verb !== 'start') || !name) {
      process.stderr.write('Usage: tongbu task stop|start <name>   (names: tongbu status)\n');
      return 2;
    }
    return withServices(async (services) => {
      const t = await setTaskState(services, name, verb === 'stop' ? 'STOPPED' : 'RUNNING', 'cli');
      process.stdout.write(`task ${t.name} is ${t.state}\n`);
      return 0;
    }, { light: true });
  },
};
