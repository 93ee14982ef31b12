import { runHook } from './commands/hook';
import { defaultDataDir } from './paths';

/**
 * The fast path of `switchboard hook`: Claude Code waits for its hooks, so this entry loads only the
 * hook reporter (no host, no CLI framework). Flags as in `switchboard hook --data-dir DIR`.
 */
export async function hookMain(argv: string[]): Promise<void> {
  const at = argv.indexOf('--data-dir');
  const dataDir = at >= 0 && argv[at + 1] ? argv[at + 1]! : defaultDataDir();
  try {
    await runHook({ dataDir });
  } catch (error) {
    process.stderr.write(`switchboard hook: ${(error as Error).message}\n`);
  }
  process.exit(0);
}
