import { z } from 'zod';
import { Agent } from '../model/agent';
import { HostName } from '../model/host';
import { AgentRef, Name } from '../model/ids';
import { RateLimit, Role } from '../model/role';
import { defineCommand } from './define';

export const roleCommands = {
  'role.list': defineCommand({
    description:
      'The role catalog: what each role may call and message, whether it may spawn or change roles, its rate limit.',
    input: z.strictObject({}),
    output: z.object({ roles: z.array(Role) }),
    callers: ['human', 'agent'],
  }),
  'role.update': defineCommand({
    description: 'Edit a role of the catalog (or add one); unset fields keep their value.',
    input: z.strictObject({
      name: Name,
      description: z.string().max(1000).optional(),
      commands: z.array(z.string().min(1).max(128)).max(500).optional(),
      mayMessage: z.array(z.string().min(1).max(64)).max(100).optional(),
      canSpawn: z.boolean().optional(),
      canChangeRoles: z.boolean().optional(),
      canWriteOtherPanes: z.boolean().optional(),
      canReadOtherPanes: z.boolean().optional(),
      hosts: z
        .array(z.union([HostName, z.literal('*')]))
        .max(100)
        .optional()
        .describe('remote hosts its agents may spawn on ("*": any); [] keeps them on this machine'),
      rateLimit: RateLimit.optional(),
    }),
    output: Role,
    callers: ['human'],
  }),
  'role.assign': defineCommand({
    description: "Change an agent's role.",
    input: z.strictObject({ agent: AgentRef, role: Name }),
    output: Agent,
    callers: ['human', 'agent'],
  }),
  'role.remove': defineCommand({
    description: 'Remove a role from the catalog: not a built-in role, and only while no agent has it.',
    input: z.strictObject({ name: Name }),
    output: z.object({ name: Name }),
    callers: ['human'],
  }),
} as const;
