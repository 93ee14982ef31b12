import { Command, InvalidArgumentError, Option } from 'commander';
import { BACKEND_KINDS, DEFAULT_PORT, defaultDataDir } from '@switchboard/host/cli-options';
import type { HostAction } from './commands/host';
import type { StartOptions } from './commands/start';
import { MCP_CLIENTS, type McpClientKind } from './commands/mcp-clients';
import { cliVersion } from './paths';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

export function buildProgram(): Command {
  const program = new Command('switchboard')
    .description('A command center for a fleet of AI coding agents.')
    .version(cliVersion(), '-V, --version', 'print the version')
    .showHelpAfterError();
  program
    .command('start')
    .description('start the host: the UI and the API on 127.0.0.1, the MCP endpoint for agents')
    .addOption(
      new Option(
        '--port <port>',
        'TCP port on 127.0.0.1, fixed so agents keep their URL across restarts (0 picks a free one)',
      )
        .env('SWITCHBOARD_PORT')
        .argParser(parsePort)
        .default(DEFAULT_PORT),
    )
    .option('--data-dir <dir>', 'data folder (default: $SWITCHBOARD_DATA_DIR or the user data folder)')
    .addOption(new Option('--backend <kind>', 'terminal backend').choices(BACKEND_KINDS).default('auto'))
    .option('--iterm2-socket <path>', 'attach to the iTerm2-API server at this unix socket')
    .option(
      '--tmux-socket <path>',
      'with --backend tmux: the tmux server socket (default: tmux -L switchboard)',
    )
    .option('--no-open', 'do not open the UI in a browser')
    .addOption(
      new Option(
        '--recordings <switch>',
        "record every managed pane's output for search, replay and export (default: on; styles: with colours)",
      )
        .choices(['on', 'off', 'styles'])
        .env('SWITCHBOARD_RECORDINGS'),
    )
    .option(
      '--demo',
      'start the demo fleet (scripted shell agents that message each other, ask for a lock and an approval)',
    )
    .action(async (options: Omit<StartOptions, 'dataDir'> & { dataDir?: string }) => {
      const { runStart } = await import('./commands/start'); // the host itself: loaded only by `start`
      await runStart({
        port: options.port,
        demo: options.demo ?? false,
        dataDir: options.dataDir ?? defaultDataDir(),
        backend: options.backend,
        open: options.open,
        ...(options.recordings ? { recordings: options.recordings } : {}),
        ...(options.iterm2Socket ? { iterm2Socket: options.iterm2Socket } : {}),
        ...(options.tmuxSocket ? { tmuxSocket: options.tmuxSocket } : {}),
      });
    });
  program
    .command('mcp')
    .description(
      'MCP over stdio for clients that only speak stdio: relays to the running host; the token comes from $SWITCHBOARD_TOKEN or the 0600 file $SWITCHBOARD_TOKEN_FILE names',
    )
    .option(
      '--data-dir <dir>',
      'data folder holding host.json (default: $SWITCHBOARD_DATA_DIR or the user data folder)',
    )
    .action(async (options: { dataDir?: string }) => {
      const { runMcp } = await import('./commands/mcp');
      await runMcp({ dataDir: options.dataDir ?? defaultDataDir() });
    });
  program
    .command('mcp-config')
    .description('print a ready-to-paste MCP configuration for an agent (issues it a fresh token)')
    .requiredOption('--agent <name>', 'the agent (name or id)')
    .addOption(
      new Option('--client <client>', 'which client the configuration is for')
        .choices(MCP_CLIENTS)
        .default('claude'),
    )
    .option('--name <name>', 'the server name in the client', 'switchboard')
    .option(
      '--data-dir <dir>',
      'data folder holding host.json (default: $SWITCHBOARD_DATA_DIR or the user data folder)',
    )
    .action(async (options: { agent: string; client: McpClientKind; name: string; dataDir?: string }) => {
      const { runMcpConfig } = await import('./commands/mcp-config');
      await runMcpConfig({
        dataDir: options.dataDir ?? defaultDataDir(),
        agent: options.agent,
        client: options.client,
        name: options.name,
      });
    });
  program
    .command('up')
    .description(
      'apply a fleet file (YAML/JSON: teams, templates, counts) to the running host; what exists is left alone',
    )
    .argument('<file>', 'the fleet file')
    .option('--dry-run', 'only say what would be created')
    .option(
      '--data-dir <dir>',
      'data folder holding host.json (default: $SWITCHBOARD_DATA_DIR or the user data folder)',
    )
    .action(async (file: string, options: { dryRun?: boolean; dataDir?: string }) => {
      const { runUp } = await import('./commands/up');
      const ok = await runUp({
        dataDir: options.dataDir ?? defaultDataDir(),
        file,
        dryRun: options.dryRun ?? false,
      });
      if (!ok) process.exitCode = 1;
    });
  program
    .command('restore')
    .description(
      'after iTerm2 quit or a reboot: start every lost agent of the running host again at its place, resuming its own conversation (not those whose program ended, unless --include-exited)',
    )
    .option('--fresh', 'start fresh conversations instead of resuming')
    .option('--include-exited', 'also start again the agents whose program ended (exited, no pane left)')
    .option(
      '--data-dir <dir>',
      'data folder holding host.json (default: $SWITCHBOARD_DATA_DIR or the user data folder)',
    )
    .action(async (options: { fresh?: boolean; includeExited?: boolean; dataDir?: string }) => {
      const { runRestore } = await import('./commands/restore');
      const ok = await runRestore({
        dataDir: options.dataDir ?? defaultDataDir(),
        fresh: options.fresh ?? false,
        includeExited: options.includeExited ?? false,
      });
      if (!ok) process.exitCode = 1;
    });
  program
    .command('export')
    .description(
      "an agent's recording from the running host, as a text transcript or asciicast v2 (asciinema); or, with --bundle, the fleet's session for a time range as a .tar.gz",
    )
    .option('--agent <agent>', 'the agent (name, or id for a closed one); with --bundle: only this agent')
    .option(
      '--bundle',
      "a fleet session bundle: events, audit entries, messages and every agent's recording (asciicast and text), redacted, in a .tar.gz with manifest.json",
    )
    .addOption(
      new Option('--format <format>', 'text or asciicast').choices(['text', 'asciicast']).default('text'),
    )
    .option(
      '--from <time>',
      'ISO time to start at, e.g. 2026-12-05T10:00:00Z (default: the oldest kept frame)',
    )
    .option('--to <time>', 'ISO time to stop at, e.g. 2026-12-05T18:00:00Z (default: now)')
    .option(
      '--out <file>',
      'write to this file (0600) instead of standard output (a bundle: default ./switchboard-bundle-<time>.tar.gz)',
    )
    .option(
      '--data-dir <dir>',
      'data folder holding host.json (default: $SWITCHBOARD_DATA_DIR or the user data folder)',
    )
    .action(
      async (options: {
        agent?: string;
        bundle?: boolean;
        format: 'text' | 'asciicast';
        from?: string;
        to?: string;
        out?: string;
        dataDir?: string;
      }) => {
        const dataDir = options.dataDir ?? defaultDataDir();
        const { agent, bundle, ...rest } = options;
        if (bundle) {
          const { runBundleExport } = await import('./commands/export-bundle');
          return runBundleExport({ ...rest, ...(agent ? { agent } : {}), dataDir });
        }
        if (!agent)
          return program.error('error: export needs --agent <agent> (or --bundle for the whole fleet)');
        const { runExport } = await import('./commands/export');
        await runExport({ ...rest, agent, dataDir });
      },
    );
  program
    .command('hook')
    .description(
      'for Claude Code hooks: reads the hook event JSON on stdin and reports it to the host as the agent in $SWITCHBOARD_TOKEN',
    )
    .option('--data-dir <dir>', 'data folder holding host.json, used when $SWITCHBOARD_URL is not set')
    .option('--codex', "for Codex's notify: the event is the JSON argument that follows")
    .argument('[payload]', "Codex's notify JSON (with --codex)")
    .action(async (payload: string | undefined, options: { dataDir?: string; codex?: boolean }) => {
      const { runHook } = await import('./commands/hook');
      await runHook({
        dataDir: options.dataDir ?? defaultDataDir(),
        ...(options.codex && payload !== undefined ? { codexPayload: payload } : {}),
      });
    });
  program
    .command('logs')
    .description("show the host's log (JSON lines in the data folder, redacted): newest 200 lines, filtered")
    .option('--follow', 'keep printing new lines as the host writes them')
    .option('--agent <agent>', 'only lines about this agent (id or name)')
    .addOption(
      new Option('--level <level>', 'the lowest level shown').choices(['debug', 'info', 'warn', 'error']),
    )
    .option('--component <name>', 'only this component (dispatch, events, host, mcp, fleet, …)')
    .option('--error <id>', 'the line for an internal error id a caller was given')
    .option('--lines <n>', 'how many of the newest lines (0: all)', (v) => Number(v), 200)
    .option('--json', 'print the JSON lines as they are')
    .option('--data-dir <dir>', 'data folder (default: $SWITCHBOARD_DATA_DIR or the user data folder)')
    .action(
      async (options: {
        follow?: boolean;
        agent?: string;
        level?: 'debug' | 'info' | 'warn' | 'error';
        component?: string;
        error?: string;
        lines: number;
        json?: boolean;
        dataDir?: string;
      }) => {
        const { runLogs } = await import('./commands/logs');
        await runLogs({
          dataDir: options.dataDir ?? defaultDataDir(),
          follow: options.follow ?? false,
          json: options.json ?? false,
          lines: options.lines,
          filter: {
            ...(options.agent ? { agent: options.agent } : {}),
            ...(options.level ? { level: options.level } : {}),
            ...(options.component ? { component: options.component } : {}),
            ...(options.error ? { errorId: options.error } : {}),
          },
        });
      },
    );
  const host = program
    .command('host')
    .description('the remote machines agents can run on (tmux over ssh; keys stay in your ssh agent)');
  const dataDirOption = () =>
    new Option(
      '--data-dir <dir>',
      'data folder holding host.json (default: $SWITCHBOARD_DATA_DIR or the user data folder)',
    );
  const runHostAction = async (dataDir: string | undefined, action: HostAction) => {
    const { runHost } = await import('./commands/host');
    await runHost(dataDir ?? defaultDataDir(), action);
  };
  host
    .command('add')
    .description(
      'register a host: NAME and ssh://user@host[:port] (no password: ssh config and agent are used)',
    )
    .argument('<name>', 'the name agents are spawned on (letters, digits, ".", "-", "_")')
    .argument('<url>', 'ssh://user@host or ssh://user@host:port')
    .addOption(dataDirOption())
    .action((name: string, url: string, options: { dataDir?: string }) =>
      runHostAction(options.dataDir, { kind: 'add', name, url }),
    );
  host
    .command('list')
    .description('list the registered hosts')
    .addOption(dataDirOption())
    .action((options: { dataDir?: string }) => runHostAction(options.dataDir, { kind: 'list' }));
  host
    .command('remove')
    .description('forget a host (refused while an agent runs there)')
    .argument('<name>', 'the host')
    .addOption(dataDirOption())
    .action((name: string, options: { dataDir?: string }) =>
      runHostAction(options.dataDir, { kind: 'remove', name }),
    );
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
