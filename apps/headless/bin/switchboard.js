#!/usr/bin/env node
// The `switchboard` CLI. Packages ship TypeScript source: the CLI runs from one module compiled from it
// (compiled-entry.js: rebuilt whenever a source it was built from changed), and through tsx, which compiles
// each file on load, only when no bundle can be built or SWITCHBOARD_TSX=1 asks for it (source-mapped stacks).
import { readFileSync } from 'node:fs';
import { fastPath } from './fast-path.js';

// `hook` (Claude Code waits for hooks) and `mcp` (the stdio relay of stdio-only MCP clients) load only what
// they need, not the whole CLI; `--version` loads nothing.
const path = fastPath(process.argv.slice(2));
if (path.name === 'version') {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
} else {
  const { compiledEntry, entries } = await import('./compiled-entry.js');
  const source = entries[path.name];
  const compiled =
    process.env['SWITCHBOARD_TSX'] === '1' ? undefined : await compiledEntry(path.name, source);
  let entry;
  if (compiled) {
    process.setSourceMapsEnabled(true); // stack traces name the TypeScript sources, as under tsx
    entry = await import(compiled);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    entry = await import(`../${source}`);
  }
  if (path.name === 'hook') await entry.hookMain(process.argv.slice(3));
  else if (path.name === 'mcp') await entry.mcpMain(path.dataDir);
  else await entry.main(process.argv);
}
