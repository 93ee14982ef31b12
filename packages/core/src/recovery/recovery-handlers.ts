import { SwitchboardError } from '@switchboard/protocol';
import type { HandlerMap } from '../dispatch/handler';
import type { RecoveryService } from './recovery-service';

export type RecoveryCommand =
  | 'recovery.status'
  | 'recovery.log'
  | 'recovery.policy'
  | 'recovery.configure'
  | 'recovery.reset'
  | 'health.heartbeat'
  | 'health.pause'
  | 'health.resume';

/** `onStatus`: a heartbeat's note, the agent's own word on what it is doing (its current task). */
export function recoveryHandlers(
  recovery: RecoveryService,
  onStatus: (agentId: string, note: string | undefined) => void = () => undefined,
): HandlerMap<RecoveryCommand> {
  return {
    'recovery.status': (input) => recovery.status(input.agent),
    'recovery.log': (input) => ({ entries: recovery.logEntries(input) }),
    'recovery.policy': () => recovery.policy(),
    'recovery.configure': (input) => recovery.configure(input),
    'recovery.reset': (input) => recovery.reset(input.agent),
    'health.heartbeat': (input, { caller }) => {
      // The contract admits only agents; the agent is the token's, never a parameter.
      if (caller.kind !== 'agent')
        throw new SwitchboardError('forbidden', 'Only an agent sends its own heartbeat');
      const beat = recovery.heartbeat(caller.id);
      onStatus(caller.id, input.note);
      return beat;
    },
    'health.pause': (input) => recovery.setPaused(true, input.agent, input.reason),
    'health.resume': (input) => recovery.setPaused(false, input.agent, input.reason),
  };
}
