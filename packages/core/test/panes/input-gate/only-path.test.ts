import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../../..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });
const WRITE = `import type { TerminalBackend } from './ports/terminal-backend';\nexport async function write(backend: TerminalBackend) {\n  await backend.sendText('p', 'x');\n  await backend.sendText('p', '\\r');\n}\n`;

async function gateMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('the pane input gate is the one path for writes into panes', { timeout: 120_000 }, () => {
  it.each([
    'packages/core/src/messages/x.ts',
    'packages/core/src/prompts/x.ts',
    'packages/core/src/recovery/x.ts',
    'packages/host/src/x.ts',
    'packages/mcp-server/src/x.ts',
    'apps/headless/src/x.ts',
  ])('lint refuses sendText in %s', async (file) => {
    const messages = await gateMessages(WRITE, file);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('PaneInputGate');
  });

  it('lint lets the gate itself and the backends call them', async () => {
    expect(await gateMessages(WRITE, 'packages/core/src/panes/input-gate/x.ts')).toEqual([]);
    expect(await gateMessages(WRITE, 'packages/core/src/backends/x.ts')).toEqual([]);
  });

  it('no source outside the gate, the backends and the conformance kit calls them today', () => {
    const allowed = [
      'packages/core/src/panes/input-gate/',
      'packages/core/src/backends/',
      'packages/core/src/testing/',
      'packages/iterm-bridge/',
      'packages/tmux-bridge/',
    ];
    const offenders = ['packages', 'apps']
      .flatMap((dir) => sources(join(root, dir)))
      .map((path) => relative(root, path))
      .filter(
        (path) =>
          path.includes('/src/') &&
          !path.includes('node_modules') &&
          !path.includes('/dist/') &&
          !allowed.some((prefix) => path.startsWith(prefix)),
      )
      .filter((path) => /\.sendText\(/.test(readFileSync(join(root, path), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
