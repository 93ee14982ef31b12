import type { Caller, CommandName, ViewerRights } from '@switchboard/protocol';

/**
 * What a caller's role lets it see beyond its own things (the contract's audience filter asks): whether it may decide
 * other agents' approval items. Asked each time an item is filtered, since the person may re-role the agent, or edit
 * its role, while its subscription lasts.
 */
export function viewerRights(
  mayCall: (caller: Caller, name: CommandName) => boolean,
  caller: Caller,
): ViewerRights {
  return { decidesApprovals: () => mayCall(caller, 'approval.decide') };
}
