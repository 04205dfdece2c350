// /stop <task> and /start <task>: remote control of scheduled tasks (admins only).
import { TongbuError } from '../../errors.js';
import { setTaskState } from '../../ops/tasks.js';
import { card, md, note, safeText } from './cards.js';
import { exampleNames, type CommandSpec } from './context.js';

function taskCommand(name: 'stop' | 'start', state: 'STOPPED' | 'RUNNING', aliases: string[]): CommandSpec {
  return {
    name,
    aliases,
    summary: name === 'stop' ? 'stop a scheduled task (it finishes the page in flight)' : 'start a stopped task again',
    usage: [`/${name} <task>`],
    examples(connectors) {
      const { connector } = exampleNames(connectors);
      return [`/${name} ${connector}`, `${aliases[0]} ${connector}`];
    },
    needsAdmin: () => `${name} tasks`,
    async run(ctx, cmd) {
      const task = cmd.args[0];
      if (!task) throw new TongbuError('COMMAND_BAD_ARGS', `name the task to ${name} (/status lists them)`);
      if (cmd.args.length > 1) throw new TongbuError('COMMAND_BAD_ARGS', `one task at a time`);
      const res = await setTaskState(ctx.services, task, state, ctx.senderOpenId);
      return card(`Task ${res.name}: ${res.state}`, res.state === 'RUNNING' ? 'green' : 'grey', [
        md(res.state === 'RUNNING' ? `**${safeText(res.name)}** runs on its schedule again.` : `**${safeText(res.name)}** is stopped; scheduled runs are skipped until /start ${safeText(res.name)}.`),
        note(`changed by <at id=${ctx.senderOpenId}></at>`),
      ]);
    },
  };
}

export const stopCommand = taskCommand('stop', 'STOPPED', ['停止']);
export const startCommand = taskCommand('start', 'RUNNING', ['启动', '开始']);
