#!/usr/bin/env node
// The `switchboard` CLI. Packages ship TypeScript source; tsx compiles it on load (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main(process.argv);
