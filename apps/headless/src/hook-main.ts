import { defaultDataDir } from '@switchboard/host/cli-options';
import { runHook } from './commands/hook';

/**
 * The fast path of `switchboard hook`: Claude Code waits for its hooks, so this entry loads only the
 * hook reporter (no host, no CLI framework). Flags as in `switchboard hook [--data-dir DIR] [--codex PAYLOAD]`.
 */
export async function hookMain(argv: string[]): Promise<void> {
  const at = argv.indexOf('--data-dir');
  const dataDir = at >= 0 && argv[at + 1] ? argv[at + 1]! : defaultDataDir();
  try {
    // Codex's notify appends its JSON payload as the last argument.
    const codex =
      argv.includes('--codex') && argv.length > 0 && argv[argv.length - 1] !== '--codex'
        ? { codexPayload: argv[argv.length - 1]! }
        : {};
    await runHook({ dataDir, ...codex });
  } catch (error) {
    process.stderr.write(`switchboard hook: ${(error as Error).message}\n`);
  }
  process.exit(0);
}
