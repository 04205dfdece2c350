// `tongbu <command>`: the admin's door to the same operations as chat and HTTP (src/ops/).
import { runService } from './main.js';

const USAGE = `Usage: tongbu <command>

  serve                         run the service (what npm start does)
`;

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case undefined:
    case 'serve':
      await runService();
      return -1; // keeps running
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
