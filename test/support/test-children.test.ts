import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { childScript } from './compiled-child';
import { bundleName, cacheDir, testChildren } from './test-children.js';

const root = resolve(import.meta.dirname, '../..');

describe('the test children built ahead (test-children.js)', () => {
  it('lists scripts that exist', () => {
    for (const path of testChildren) expect(existsSync(join(root, path)), path).toBe(true);
  });

  it('one build of all of them leaves each fresh: childScript runs its bundle without building it again', async () => {
    execFileSync(process.execPath, [join(root, 'test/support/test-children.js')], { cwd: root });
    for (const path of testChildren) {
      const source = join(root, path);
      const bundle = join(cacheDir, `${bundleName(source)}.mjs`);
      const builtAt = statSync(bundle).mtimeMs;
      expect(await childScript(pathToFileURL(source))).toEqual({ path: bundle, execArgv: [] });
      expect(statSync(bundle).mtimeMs, path).toBe(builtAt);
    }
  }, 120_000);
});
