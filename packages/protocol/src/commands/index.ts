import type { z } from 'zod';
import type { CommandDefinition } from './define';
import { agentTokenCommands } from './agent-tokens';
import { approvalCommands } from './approvals';
import { attentionCommands } from './attention';
import { auditCommands } from './audit';
import { coordinationCommands } from './coordination';
import { fleetCommands } from './fleet';
import { flowCommands } from './flows';
import { healthCommands } from './health';
import { hostCommands } from './hosts';
import { layoutCommands } from './layout';
import { locksCommands } from './locks';
import { managerCommands } from './managers';
import { memoryCommands } from './memory';
import { recordingBundleCommands } from './recording-bundle';
import { recordingCommands } from './recordings';
import { searchCommands } from './search';
import { messageCommands } from './messages';
import { mirrorCommands } from './mirror';
import { paneCommands } from './panes';
import { planCommands } from './plans';
import { quotaCommands } from './quotas';
import { recoveryCommands } from './recovery';
import { retentionCommands } from './retention';
import { roleCommands } from './roles';
import { spawningCommands } from './spawning';
import { terminalCommands } from './terminal';
import { terminalStatusCommands } from './terminal-status';

/** Every command of the contract. Each domain adds its own map here. */
export const commands = {
  ...fleetCommands,
  ...layoutCommands,
  ...messageCommands,
  ...healthCommands,
  ...paneCommands,
  ...mirrorCommands,
  ...agentTokenCommands,
  ...approvalCommands,
  ...locksCommands,
  ...roleCommands,
  ...auditCommands,
  ...attentionCommands,
  ...recoveryCommands,
  ...retentionCommands,
  ...spawningCommands,
  ...planCommands,
  ...managerCommands,
  ...coordinationCommands,
  ...flowCommands,
  ...memoryCommands,
  ...quotaCommands,
  ...searchCommands,
  ...recordingCommands,
  ...recordingBundleCommands,
  ...hostCommands,
  ...terminalCommands,
  ...terminalStatusCommands,
} as const satisfies Record<string, CommandDefinition>;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
/** What a caller sends (defaults may be omitted). */
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>;
/** What a handler receives after validation (defaults filled in). */
export type ParsedInput<N extends CommandName> = z.output<Commands[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<Commands[N]['output']>;

export const commandNames = Object.keys(commands) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}
