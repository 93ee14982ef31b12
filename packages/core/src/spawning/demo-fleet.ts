import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FleetFile } from '@switchboard/protocol';
import { shellQuote } from '../fleet/agent-secrets';
import { checkFleetFile } from './fleet-file';

/** Absolute path of the demo agent script (plain JS, no build step), like the launcher's. */
export function demoAgentPath(): string {
  const url = new URL('../../demo/demo-agent.js', import.meta.url);
  return url.protocol === 'file:' ? fileURLToPath(url) : decodeURIComponent(url.pathname);
}

/**
 * The demo fleet: two teams of three scripted agents (no AI CLI needed) that message each other,
 * hold a lock, ask for it, hand work over and escalate, so every view has something real to show.
 * Its folder is `<data>/demo`. Applied like any fleet file, so starting it twice changes nothing.
 */
export function demoFleetFile(dataDir: string, nodePath = process.execPath): FleetFile {
  const cwd = join(dataDir, 'demo');
  mkdirSync(cwd, { recursive: true });
  const command = (persona: string) => [nodePath, demoAgentPath(), persona].map(shellQuote).join(' ');
  return checkFleetFile({
    version: 1,
    description: 'Switchboard demo fleet',
    cwd,
    teams: [
      {
        name: 'demo-web',
        agents: [
          { name: 'ada', kind: 'custom', role: 'builder', command: command('ada') },
          { name: 'grace', kind: 'custom', role: 'tester', command: command('grace') },
        ],
      },
      {
        name: 'demo-ops',
        agents: [{ name: 'linus', kind: 'custom', role: 'devops', command: command('linus') }],
      },
    ],
  });
}
