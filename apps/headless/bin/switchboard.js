#!/usr/bin/env node
// The `switchboard` CLI. Packages ship TypeScript source; tsx compiles it on load (no build step).
import { register } from 'tsx/esm/api';

register();
if (process.argv[2] === 'hook') {
  // Claude Code waits for hooks: load only the hook reporter, not the whole CLI.
  const { hookMain } = await import('../src/hook-main.ts');
  await hookMain(process.argv.slice(3));
} else {
  const { main } = await import('../src/cli.ts');
  await main(process.argv);
}
