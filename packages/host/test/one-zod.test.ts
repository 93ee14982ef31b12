// Every workspace package that depends on zod must load the same copy. npm nested one per package before
// (protocol, host, mcp-server: the root's node_modules/zod was the MCP Inspector's zod 3), so code run from source
// under plain Node (tsx, test children, bench bundles) evaluated zod three times: ~150 CPU-ms and 8.1 MB of heap
// against ~58 and 2.4 for one copy. (zod 4 keeps `instanceof` and its global registry working across copies, so it
// was a cost, not a wrong answer.) The root package.json pins zod at the workspaces' version, so npm hoists one
// copy and nests the Inspector's zod 3 under it; this test fails if a second copy comes back.
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
type Manifest = {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
/** Where `import 'zod'` from code in `dir` lands, symlinks resolved. */
const zodFrom = (dir: string) => realpathSync(createRequire(join(dir, 'package.json')).resolve('zod'));

const users = manifest(root)
  .workspaces!.map((workspace) => join(root, workspace))
  .filter((dir) => manifest(dir).dependencies?.['zod'] !== undefined);

describe('one copy of zod across the workspaces', () => {
  it('every package that depends on zod resolves the same file, at the version they all pin', () => {
    expect(users.map((dir) => manifest(dir).name)).toEqual(
      expect.arrayContaining(['@switchboard/protocol', '@switchboard/host', '@switchboard/mcp-server']),
    );
    const resolved = new Map(users.map((dir) => [manifest(dir).name, zodFrom(dir)]));
    expect(new Set(resolved.values()), JSON.stringify(Object.fromEntries(resolved), null, 2)).toHaveProperty(
      'size',
      1,
    );
    const pins = new Set(users.map((dir) => manifest(dir).dependencies!['zod']));
    expect([...pins]).toEqual([manifest(root).devDependencies!['zod']]);
  });
});
