import type { AgentPrivateFiles } from './fleet/agent-private-files';
import { approvalMigrations } from './approvals/approval-migrations';
import { attentionMigrations } from './attention/attention-migrations';
import { auditMigrations } from './audit/audit-migrations';
import { tokenMigrations } from './auth/token-migrations';
import { coordinationMigrations } from './coordination/coordination-migrations';
import { fleetMigrations } from './fleet/fleet-migrations';
import { flowMigrations } from './flows/flow-migrations';
import { healthMigrations } from './health/health-migrations';
import { hostMigrations } from './hosts/host-migrations';
import { lockMigrations } from './locks/lock-migrations';
import { managerMigrations } from './managers/manager-migrations';
import { memoryMigrations, searchMigrations } from './memory/memory-domain';
import { messageMigrations } from './messages/message-migrations';
import { paneMigrations } from './panes/pane-migrations';
import { planMigrations } from './plans/plan-migrations';
import { policyMigrations } from './policy/policy-migrations';
import { recordingMigrations } from './recordings/recording-domain';
import { recoveryMigrations } from './recovery/recovery-migrations';
import { retentionMigrations } from './retention/retention-migrations';
import { roleMigrations } from './roles/role-migrations';
import { redactionMigrations } from './secrets/redaction-migrations';
import { spawningMigrations } from './spawning/spawning-migrations';
import type { DomainMigrations } from './store/store';
import { terminalStatusMigrations } from './terminal-status/terminal-status-migrations';
import { wiringMigrations } from './wiring/wiring-migrations';

/** Every domain's schema, in the order domains depend on each other. */
export const coreMigrations: readonly DomainMigrations[] = [
  fleetMigrations,
  tokenMigrations,
  paneMigrations,
  auditMigrations,
  roleMigrations,
  policyMigrations,
  approvalMigrations,
  lockMigrations,
  healthMigrations,
  messageMigrations,
  recoveryMigrations,
  attentionMigrations,
  wiringMigrations,
  planMigrations,
  managerMigrations,
  spawningMigrations,
  coordinationMigrations,
  memoryMigrations,
  searchMigrations,
  recordingMigrations,
  flowMigrations,
  hostMigrations,
  terminalStatusMigrations,
  retentionMigrations,
];

/** The orchestrator's: every domain's schema, then the data migration that keeps real launch commands in agents' private files. */
export function orchestratorMigrations(privates: AgentPrivateFiles): readonly DomainMigrations[] {
  return [
    ...coreMigrations,
    redactionMigrations((agentId, command, redacted) => privates.keepRealCommand(agentId, command, redacted)),
  ];
}
