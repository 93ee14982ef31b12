import { Command, InvalidArgumentError, Option } from 'commander';
import { BACKEND_KINDS, type BackendKind } from '@switchboard/host';
import { runStart } from './commands/start';
import { defaultDataDir } from './paths';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

export function buildProgram(): Command {
  const program = new Command('switchboard').description('A command center for a fleet of AI coding agents.').showHelpAfterError();
  program
    .command('start')
    .description('start the host: the UI and the API on 127.0.0.1, the MCP endpoint for agents')
    .option('--port <port>', 'TCP port on 127.0.0.1 (0 picks a free one)', parsePort, 0)
    .option('--data-dir <dir>', 'data folder (default: $SWITCHBOARD_DATA_DIR or the user data folder)')
    .addOption(new Option('--backend <kind>', 'terminal backend').choices(BACKEND_KINDS).default('auto'))
    .option('--iterm2-socket <path>', 'attach to the iTerm2-API server at this unix socket')
    .option('--no-open', 'do not open the UI in a browser')
    .action(async (options: { port: number; dataDir?: string; backend: BackendKind; iterm2Socket?: string; open: boolean }) => {
      await runStart({
        port: options.port,
        dataDir: options.dataDir ?? defaultDataDir(),
        backend: options.backend,
        open: options.open,
        ...(options.iterm2Socket ? { iterm2Socket: options.iterm2Socket } : {}),
      });
    });
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.stderr.write(`switchboard: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
