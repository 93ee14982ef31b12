// An agent's private settings file (its spawn env, its real command line): the host's 0600 file, which the agent,
// running as the same user, can rewrite. A bad one launches the agent without it, and the log says so (session 27).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesReadByThisThread as bytesRead } from '../../src/testing/bytes-read';
import { AgentPrivateFiles, MAX_PRIVATE_FILE_BYTES } from '../../src/fleet/agent-private-files';
import { createMemoryLogger } from '../../src/ports/logger';

const SECRET = 'sk-live-0123456789abcdef';

function files() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-private-'));
  const logger = createMemoryLogger();
  const privates = new AgentPrivateFiles(dataDir, logger);
  privates.save('agent-1', { env: { API_KEY: SECRET }, command: null }, null);
  const path = join(dataDir, 'agents', 'agent-1.private.json');
  return { privates, logger, path };
}

describe('AgentPrivateFiles.load', () => {
  it('reads what save wrote; an agent without a file has none, and nothing is logged', () => {
    const { privates, logger } = files();
    expect(privates.load('agent-1')).toEqual({ env: { API_KEY: SECRET }, command: null });
    expect(privates.load('agent-2')).toBeUndefined();
    expect(logger.records).toEqual([]);
  });

  it('a file that is not JSON, or not settings: none, and a log line naming the agent and why, not the text', () => {
    const { privates, logger, path } = files();
    const cases: [string, string][] = [
      [`{"env":{"API_KEY":"${SECRET}"`, 'not JSON'],
      [`{"env":"${SECRET}"}`, 'not the settings Switchboard writes'],
      [`{"env":{"API_KEY":42},"command":null}`, 'not the settings Switchboard writes'],
      [`{"env":{},"command":["${SECRET}"]}`, 'not the settings Switchboard writes'],
      [`["${SECRET}"]`, 'not the settings Switchboard writes'],
    ];
    for (const [text, reason] of cases) {
      writeFileSync(path, text);
      // Before: a string `env` was spread into the launch environment as variables "0", "1", …
      expect(privates.load('agent-1')).toBeUndefined();
      expect(logger.records.at(-1)).toMatchObject({ level: 'warn', agent: 'agent-1', reason });
    }
    expect(logger.records).toHaveLength(cases.length);
    expect(JSON.stringify(logger.records)).not.toContain(SECRET);
  });

  it(`a file past ${MAX_PRIVATE_FILE_BYTES} bytes is not read (at most that much is), nor a FIFO in its place`, () => {
    const { privates, logger, path } = files();
    truncateSync(path, 64 * 1024 * 1024);
    const before = bytesRead();
    expect(privates.load('agent-1')).toBeUndefined();
    // Before: the whole 64 MiB were read into one string.
    expect(bytesRead() - before).toBeLessThanOrEqual(MAX_PRIVATE_FILE_BYTES + 4096);
    expect(logger.records.at(-1)).toMatchObject({
      agent: 'agent-1',
      reason: expect.stringMatching(/^larger than/),
    });
    spawnSync('rm', [path]);
    expect(spawnSync('mkfifo', [path]).status).toBe(0);
    expect(privates.load('agent-1')).toBeUndefined();
    expect(logger.records.at(-1)).toMatchObject({ agent: 'agent-1', reason: 'EFTYPE' });
  });
});
