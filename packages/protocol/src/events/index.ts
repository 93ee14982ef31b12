import { z } from 'zod';
import { approvalEvents } from './approvals';
import { attentionEvents } from './attention';
import { coordinationEvents } from './coordination';
import { promptEvents } from './prompts';
import { fleetEvents } from './fleet';
import { flowEvents } from './flows';
import { healthEvents } from './health';
import { hostEvents } from './hosts';
import { layoutEvents } from './layout';
import { lockEvents } from './locks';
import { managerEvents } from './managers';
import { memoryEvents } from './memory';
import { messageEvents } from './messages';
import { mirrorEvents } from './mirror';
import { paneEvents } from './panes';
import { planEvents } from './plans';
import { recoveryEvents } from './recovery';
import { retentionEvents } from './retention';
import { roleEvents } from './roles';
import { spawningEvents } from './spawning';
import { terminalEvents } from './terminal';
import { terminalStatusEvents } from './terminal-status';

/** Every event of the contract, discriminated by `type`. Each domain adds its own list here. */
export const SwitchboardEvent = z.discriminatedUnion('type', [
  ...fleetEvents,
  ...layoutEvents,
  ...healthEvents,
  ...paneEvents,
  ...approvalEvents,
  ...lockEvents,
  ...roleEvents,
  ...messageEvents,
  ...mirrorEvents,
  ...recoveryEvents,
  ...retentionEvents,
  ...attentionEvents,
  ...promptEvents,
  ...planEvents,
  ...managerEvents,
  ...spawningEvents,
  ...coordinationEvents,
  ...flowEvents,
  ...memoryEvents,
  ...hostEvents,
  ...terminalEvents,
  ...terminalStatusEvents,
]);
export type SwitchboardEvent = z.infer<typeof SwitchboardEvent>;
export type EventType = SwitchboardEvent['type'];
export type EventOf<T extends EventType> = Extract<SwitchboardEvent, { type: T }>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as core emits it; the bus adds `sequence` and `at`. */
export type NewEvent = DistributiveOmit<SwitchboardEvent, 'sequence' | 'at'>;
