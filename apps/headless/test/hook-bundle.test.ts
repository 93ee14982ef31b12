import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledEntry, entries } from '../bin/compiled-entry.js';

const repository = resolve(import.meta.dirname, '../../..');
const cacheDir = mkdtempSync(join(tmpdir(), 'sb-hook-bundle-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('the `switchboard hook` bundle', () => {
  // Claude Code waits for its hooks and runs one at every event: built from the contract's index, the hook built all
  // of its schemas (92 modules) at each start, ~0.47 CPU-s per hook against ~0.31 with the ten it uses.
  it('holds only the modules of the contract that reading a hook needs, not the whole contract', async () => {
    const bundle = await compiledEntry('hook', entries.hook, { cacheDir });
    expect(bundle).toBeDefined();
    const manifest = JSON.parse(readFileSync(join(cacheDir, 'hook.json'), 'utf8')) as {
      inputs: Record<string, string>;
    };
    const contract = Object.keys(manifest.inputs)
      .map((file) => relative(repository, file))
      .filter((file) => file.startsWith('packages/protocol/'));
    expect(contract).toContain('packages/protocol/src/commands/hook-reports.ts');
    expect(contract).not.toContain('packages/protocol/src/index.ts');
    expect(contract.length, contract.join('\n')).toBeLessThanOrEqual(12);
  });
});
