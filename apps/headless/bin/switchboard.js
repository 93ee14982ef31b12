#!/usr/bin/env node
// The `switchboard` CLI. Packages ship TypeScript source: the CLI runs from one module compiled from it
// (compiled-entry.js: rebuilt whenever a source it was built from changed), and through tsx, which compiles
// each file on load, only when no bundle can be built or SWITCHBOARD_TSX=1 asks for it (source-mapped stacks).
import { compiledEntry, entries } from './compiled-entry.js';

// Claude Code waits for hooks: `hook` loads only the hook reporter, not the whole CLI.
const name = process.argv[2] === 'hook' ? 'hook' : 'cli';
const source = entries[name];
const compiled = process.env['SWITCHBOARD_TSX'] === '1' ? undefined : await compiledEntry(name, source);
let entry;
if (compiled) {
  process.setSourceMapsEnabled(true); // stack traces name the TypeScript sources, as under tsx
  entry = await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = await import(`../${source}`);
}
if (name === 'hook') await entry.hookMain(process.argv.slice(3));
else await entry.main(process.argv);
