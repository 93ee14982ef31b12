import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint enforces the arrows', () => {
  it.each(['electron', 'react', 'ws', 'protobufjs', '@modelcontextprotocol/sdk/server/index.js', '@switchboard/host'])(
    'core may not import %s',
    async (module) => {
      const messages = await restrictedImports(`import x from '${module}';\nexport const y = x;\n`, 'packages/core/src/lint-fixture.ts');
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain('core reaches the world through its ports only');
    },
  );

  it('core may import the protocol and node builtins', async () => {
    expect(await restrictedImports(`import { commands } from '@switchboard/protocol';\nimport { join } from 'node:path';\nexport const y = [commands, join];\n`, 'packages/core/src/lint-fixture.ts')).toEqual([]);
  });

  it.each([
    ['packages/ui/src/x.ts', '@switchboard/core'],
    ['packages/ui/src/x.ts', 'node:fs'],
    ['packages/protocol/src/x.ts', 'node:crypto'],
    ['packages/mcp-server/src/x.ts', '@switchboard/core'],
  ])('%s may not import %s', async (file, module) => {
    expect(await restrictedImports(`import x from '${module}';\nexport const y = x;\n`, file)).toHaveLength(1);
  });
});
