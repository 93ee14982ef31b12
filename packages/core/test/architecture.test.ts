import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });
// The first lint loads ESLint's config, its plugins and TypeScript: CPU-bound, 6 s at 0.6 of a core and 16.7 s starved
// like CI (session 22), so it runs in a hook (60 s), not in the first test's 30 s.
beforeAll(() => eslint.lintText('export {};\n', { filePath: 'packages/core/src/lint-fixture.ts' }));

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint enforces the arrows', () => {
  it.each([
    'electron',
    'react',
    'ws',
    'protobufjs',
    '@modelcontextprotocol/sdk/server/index.js',
    '@switchboard/host',
  ])('core may not import %s', async (module) => {
    const messages = await restrictedImports(
      `import x from '${module}';\nexport const y = x;\n`,
      'packages/core/src/lint-fixture.ts',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('core reaches the world through its ports only');
  });

  it('core may import the protocol and node builtins', async () => {
    expect(
      await restrictedImports(
        `import { commands } from '@switchboard/protocol';\nimport { join } from 'node:path';\nexport const y = [commands, join];\n`,
        'packages/core/src/lint-fixture.ts',
      ),
    ).toEqual([]);
  });

  it.each([
    ['packages/ui/src/x.ts', '@switchboard/core'],
    ['packages/ui/src/x.ts', 'node:fs'],
    ['packages/protocol/src/x.ts', 'node:crypto'],
    ['packages/mcp-server/src/x.ts', '@switchboard/core'],
  ])('%s may not import %s', async (file, module) => {
    expect(await restrictedImports(`import x from '${module}';\nexport const y = x;\n`, file)).toHaveLength(
      1,
    );
  });
});

async function ruleMessages(code: string, filePath: string, ruleId: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === ruleId).map((m) => m.message);
}

describe('lint keeps command names typed', () => {
  it.each([
    [
      'packages/mcp-server/src/x.ts',
      `export const f = (api: any, caller: any) => api.invoke(caller, 'team.list', {});\n`,
    ],
    [
      'apps/desktop/src/main/x.ts',
      `export const f = (transport: any) => transport.invoke('fleet.snapshot', {});\n`,
    ],
    [
      'test/e2e/x.ts',
      `declare function invoke(n: string, i: unknown): void;\nexport const f = () => invoke('agent.spawn', {});\n`,
    ],
    [
      'packages/host/src/x.ts',
      `import { isCommandName } from '@switchboard/protocol';\nexport const f = isCommandName('health.pause');\n`,
    ],
  ])('%s may not name a command as a string', async (file, code) => {
    expect(await ruleMessages(code, file, 'no-restricted-syntax')).toHaveLength(1);
  });

  it('the typed client, a name held in a variable, and tests of the raw boundary pass', async () => {
    expect(
      await ruleMessages(
        `export const f = (client: any) => client.call('team.create', { name: 'web' });\n`,
        'packages/ui/src/x.ts',
        'no-restricted-syntax',
      ),
    ).toEqual([]);
    expect(
      await ruleMessages(
        `export const f = (api: any, c: any, name: string) => api.invoke(c, name, {});\n`,
        'packages/mcp-server/src/x.ts',
        'no-restricted-syntax',
      ),
    ).toEqual([]);
    expect(
      await ruleMessages(
        `export const f = (api: any, c: any) => api.invoke(c, 'team.create', {});\n`,
        'packages/core/test/x.test.ts',
        'no-restricted-syntax',
      ),
    ).toEqual([]);
  });

  it('the sandboxed preload may import only the contract call-frame builder of ours', async () => {
    const file = 'apps/desktop/src/preload/x.ts';
    expect(
      await restrictedImports(
        `import { callMessage } from '@switchboard/protocol/wire-call';\nexport const y = callMessage;\n`,
        file,
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        `import { commands } from '@switchboard/protocol';\nexport const y = commands;\n`,
        file,
      ),
    ).toHaveLength(1);
  });
});

describe('lint keeps source files small enough to read in one sitting', () => {
  const lines = (n: number) =>
    Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';

  it.each([
    'packages/core/src/x.ts',
    'packages/ui/src/views/x.tsx',
    'apps/desktop/src/main/x.ts',
    'packages/iterm-bridge/src/sim/x.ts',
  ])('%s over 400 lines fails', async (file) => {
    expect(await ruleMessages(lines(401), file, 'max-lines')).toHaveLength(1);
    expect(await ruleMessages(lines(400), file, 'max-lines')).toEqual([]);
  });

  it('tests and generated code may be longer', async () => {
    expect(await ruleMessages(lines(900), 'packages/core/test/x.test.ts', 'max-lines')).toEqual([]);
    const [generated] = await eslint.lintText(lines(900), {
      filePath: 'packages/iterm-bridge/src/gen/x.ts',
      warnIgnored: false,
    });
    expect(generated).toBeUndefined();
  });
});

describe('lint refuses a swallowed error without a reason', () => {
  const rule = 'switchboard/no-bare-swallow';
  it.each([
    ['packages/core/src/x.ts', `export const f = (p: Promise<void>) => p.catch(() => undefined);\n`],
    [
      'packages/host/src/x.ts',
      `export async function f(p: Promise<void>) {\n  await p.catch(() => {});\n}\n`,
    ],
    ['packages/ui/src/x.ts', `export const f = (p: Promise<number>) => p.then((n) => n, () => null);\n`],
    ['apps/headless/src/x.ts', `export const f = (p: Promise<void>) => void p.catch(function () {});\n`],
  ])('%s: a bare swallow fails', async (file, code) => {
    expect(await ruleMessages(code, file, rule)).toHaveLength(1);
  });

  it('a reason in a comment, a handler that does something, and tests pass', async () => {
    expect(
      await ruleMessages(
        `// the pane may be gone already\nexport const f = (p: Promise<void>) => p.catch(() => undefined);\n`,
        'packages/core/src/x.ts',
        rule,
      ),
    ).toEqual([]);
    expect(
      await ruleMessages(
        `export const f = (p: Promise<void>) =>\n  p\n    // closing twice is fine\n    .catch(() => undefined);\n`,
        'packages/core/src/x.ts',
        rule,
      ),
    ).toEqual([]);
    expect(
      await ruleMessages(
        `export const f = (p: Promise<void>, log: (e: unknown) => void) => p.catch((e) => log(e));\n`,
        'packages/core/src/x.ts',
        rule,
      ),
    ).toEqual([]);
    expect(
      await ruleMessages(
        `export const f = (p: Promise<void>) => p.catch(() => undefined);\n`,
        'packages/core/test/x.test.ts',
        rule,
      ),
    ).toEqual([]);
  });

  it('the body of an if without braces: the reason before the if counts (a formatter puts the body on its own line)', async () => {
    const body = `export async function f(p: Promise<void>, c: boolean) {\n  if (c)\n    await p.catch(() => undefined);\n}\n`;
    expect(await ruleMessages(body, 'packages/core/src/x.ts', rule)).toHaveLength(1);
    expect(
      await ruleMessages(
        body.replace('  if (c)', '  // nothing to undo: c is advisory\n  if (c)'),
        'packages/core/src/x.ts',
        rule,
      ),
    ).toEqual([]);
  });

  it('an empty catch block needs a comment too (no-empty)', async () => {
    expect(
      await ruleMessages(
        `export function f(g: () => void) {\n  try {\n    g();\n  } catch {}\n}\n`,
        'packages/core/src/x.ts',
        'no-empty',
      ),
    ).toHaveLength(1);
    expect(
      await ruleMessages(
        `export function f(g: () => void) {\n  try {\n    g();\n  } catch {\n    // g may throw; nothing to undo\n  }\n}\n`,
        'packages/core/src/x.ts',
        'no-empty',
      ),
    ).toEqual([]);
  });
});

// The Node packages are typechecked with the DOM lib (one program with the e2e specs and benches): lint, not the
// compiler, keeps the browser's globals out of them.
describe('lint keeps browser globals out of Node code', () => {
  const usesDom = `export const title = (): string => document.title + String(window.innerWidth);\n`;
  it.each([
    'packages/core/src/x.ts',
    'packages/host/src/x.ts',
    'packages/iterm-bridge/test/x.test.ts',
    'apps/headless/src/x.ts',
  ])('%s may not use document or window', async (file) => {
    const messages = await ruleMessages(usesDom, file, 'no-restricted-globals');
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('this package runs in Node');
  });

  it.each(['packages/ui/src/x.ts', 'test/e2e/x.spec.ts'])('%s may', async (file) => {
    expect(await ruleMessages(usesDom, file, 'no-restricted-globals')).toEqual([]);
  });

  it("Node's own globals (also the browser's) stay allowed in Node code", async () => {
    const code = `export const f = (): unknown => [setTimeout, URL, fetch, process.pid, structuredClone, AbortController];\n`;
    expect(await ruleMessages(code, 'packages/host/src/x.ts', 'no-restricted-globals')).toEqual([]);
  });
});
