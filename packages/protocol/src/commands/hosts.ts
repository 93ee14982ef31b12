import { z } from 'zod';
import { Host, HostName, SshUrl } from '../model/host';
import { defineCommand } from './define';

/** Human-only: which machines agents may run on. A URL holds no secret; ssh's config and agent do the rest. */
export const hostCommands = {
  'host.add': defineCommand({
    description: 'Register a remote host agents can be spawned on, reached as ssh://user@host[:port].',
    input: z.strictObject({ name: HostName, url: SshUrl }),
    output: Host,
    callers: ['human'],
  }),
  'host.list': defineCommand({
    description: 'The registered remote hosts.',
    input: z.strictObject({}),
    output: z.object({ hosts: z.array(Host) }),
    callers: ['human'],
  }),
  'host.remove': defineCommand({
    description: 'Forget a remote host; refused while an open agent runs there.',
    input: z.strictObject({ name: HostName }),
    output: z.object({ name: z.string() }),
    callers: ['human'],
  }),
} as const;
