import type { BackendEvent } from '@switchboard/core';
import { KeystrokeNotification_Action, VariableScope, type Notification } from './gen/api_pb';

/**
 * The port's event for an iTerm2 notification that needs no state of the backend (screen updates,
 * custom escape sequences, prompt marks, variables, keystrokes), or undefined for the others.
 */
export function eventOfNotification(n: Notification): BackendEvent | undefined {
  if (n.screenUpdateNotification) return { type: 'pane.output', paneId: n.screenUpdateNotification.session };
  if (n.broadcastDomainsChanged)
    return {
      type: 'broadcast.changed',
      domains: n.broadcastDomainsChanged.broadcastDomains.map((d) => [...d.sessionIds]),
    };
  if (n.customEscapeSequenceNotification) {
    const c = n.customEscapeSequenceNotification;
    return { type: 'pane.escape', paneId: c.session, identity: c.senderIdentity, payload: c.payload };
  }
  if (n.promptNotification) {
    const p = n.promptNotification;
    const e = p.event;
    if (e.case === 'prompt') return { type: 'pane.prompt', paneId: p.session, phase: 'prompt' };
    if (e.case === 'commandStart')
      return { type: 'pane.prompt', paneId: p.session, phase: 'command.started', command: e.value.command };
    if (e.case === 'commandEnd')
      return {
        type: 'pane.prompt',
        paneId: p.session,
        phase: 'command.finished',
        exitStatus: e.value.status,
      };
    return undefined;
  }
  if (n.variableChangedNotification) {
    const v = n.variableChangedNotification;
    if (v.scope !== VariableScope.SESSION) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(v.jsonNewValue);
    } catch {
      value = v.jsonNewValue;
    }
    return {
      type: 'variable.changed',
      paneId: v.identifier,
      name: v.name,
      value: value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value),
    };
  }
  if (n.keystrokeNotification) {
    // The person pressed a key in the pane in iTerm2 itself (text sent through the API is not reported).
    // Only that it happened travels on: the characters (a password, perhaps) are dropped here.
    const k = n.keystrokeNotification;
    return k.action === KeystrokeNotification_Action.KEY_DOWN && k.session
      ? { type: 'pane.keystroke', paneId: k.session }
      : undefined;
  }
  return undefined;
}
