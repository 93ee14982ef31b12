import { agentStatusVariants, fleetSummaryText, type PaneStatusLine } from '@switchboard/core';
import type { ITerm2Client } from './client/client';
import { ITerm2DisconnectedError, ITerm2StatusError } from './client/errors';
import {
  NotificationType,
  RPCRegistrationRequest_Role,
  RPCRegistrationRequest_StatusBarComponentAttributes_Format,
  type Notification,
  type ServerOriginatedRPCNotification,
} from './gen/api_pb';

/** Switchboard's status-bar components, as the person picks them in iTerm2's status-bar settings. */
export const AGENT_STATUS_COMPONENT = 'com.switchboard.agent-status';
export const FLEET_SUMMARY_COMPONENT = 'com.switchboard.fleet-summary';
const AGENT_STATUS_FUNCTION = 'switchboard_agent_status';
const FLEET_SUMMARY_FUNCTION = 'switchboard_fleet_summary';
/** The name iTerm2 calls on a click, as the iterm2 library registers an `onclick` (iTermStatusBarRPCProvidedTextComponent). */
export const clickFunctionOf = (identifier: string) => `__${identifier.replace(/[.-]/g, '_')}__on_click`;

const component = (
  identifier: string,
  shortDescription: string,
  detailedDescription: string,
  exemplar: string,
  updateCadence: number,
) => ({
  case: 'statusBarComponentAttributes' as const,
  value: {
    shortDescription,
    detailedDescription,
    knobs: [],
    exemplar,
    updateCadence,
    uniqueIdentifier: identifier,
    format: RPCRegistrationRequest_StatusBarComponentAttributes_Format.PLAIN_TEXT,
  },
});

/**
 * Registers Switchboard's status-bar components with iTerm2 (RPC registration with
 * `StatusBarComponentAttributes`, as the iterm2 library's `StatusBarComponent.async_register` does) and
 * answers iTerm2's calls to them: per pane "state · time in state · approvals", and the fleet summary.
 * A click on either calls `onClick(sessionId)`. Registrations are subscriptions of the client, so they
 * are sent again after a reconnect.
 */
export class StatusBarComponents {
  private readonly lines = new Map<string, PaneStatusLine>();
  private readonly stop: () => void;

  constructor(
    private readonly client: ITerm2Client,
    private readonly onClick: (sessionId: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.stop = client.onNotification((n) => this.onNotification(n));
  }

  /** Registers the components and their click handlers; one another client already owns is left to it. */
  async register(): Promise<void> {
    const sessionArgument = { name: 'session_id', path: 'id' };
    const registrations = [
      {
        name: AGENT_STATUS_FUNCTION,
        arguments: ['knobs', 'session_id'],
        defaults: [sessionArgument],
        role: RPCRegistrationRequest_Role.STATUS_BAR_COMPONENT,
        RoleSpecificAttributes: component(
          AGENT_STATUS_COMPONENT,
          'Switchboard agent',
          'The agent in this pane: its state, for how long, and the approvals it waits for. Click to open it in Switchboard.',
          'waiting for input · 3m · 1 approval',
          5,
        ),
      },
      {
        name: FLEET_SUMMARY_FUNCTION,
        arguments: ['knobs'],
        defaults: [],
        role: RPCRegistrationRequest_Role.STATUS_BAR_COMPONENT,
        RoleSpecificAttributes: component(
          FLEET_SUMMARY_COMPONENT,
          'Switchboard fleet',
          'How many agents work, wait or are stuck, and the approvals waiting. Click to open Switchboard.',
          '12 working · 2 waiting · 1 approval',
          2,
        ),
      },
      ...[AGENT_STATUS_COMPONENT, FLEET_SUMMARY_COMPONENT].map((identifier) => ({
        name: clickFunctionOf(identifier),
        arguments: ['session_id'],
        defaults: [],
        role: RPCRegistrationRequest_Role.GENERIC,
        RoleSpecificAttributes: { case: undefined },
      })),
    ];
    for (const r of registrations) {
      try {
        await this.client.subscribe({
          notificationType: NotificationType.NOTIFY_ON_SERVER_ORIGINATED_RPC,
          session: 'all',
          arguments: {
            case: 'rpcRegistrationRequest',
            value: { ...r, arguments: r.arguments.map((name) => ({ name })) },
          },
        });
      } catch (error) {
        // Another Switchboard attached to the same iTerm2 answers for these; ours would only collide.
        if (!(error instanceof ITerm2StatusError && error.status === 'DUPLICATE_SERVER_ORIGINATED_RPC'))
          throw error;
      }
    }
  }

  /** What the pane's component shows (null: not an agent's pane any more). */
  set(sessionId: string, line: PaneStatusLine | null): void {
    if (line) this.lines.set(sessionId, line);
    else this.lines.delete(sessionId);
  }

  dispose(): void {
    this.stop();
  }

  private onNotification(n: Notification): void {
    if (n.terminateSessionNotification) this.lines.delete(n.terminateSessionNotification.sessionId);
    const rpc = n.serverOriginatedRpcNotification;
    // Swallowed on purpose: an answer iTerm2 did not take (a bad request id) leaves only that call to time out in iTerm2.
    if (rpc) this.answer(rpc).catch(() => undefined);
  }

  private async answer({ requestId, rpc }: ServerOriginatedRPCNotification): Promise<void> {
    const args = new Map((rpc?.arguments ?? []).map((a) => [a.name, parseJson(a.jsonValue)]));
    const sessionId = args.get('session_id');
    let value: unknown;
    switch (rpc?.name) {
      case AGENT_STATUS_FUNCTION: {
        const line = typeof sessionId === 'string' ? this.lines.get(sessionId) : undefined;
        value = line ? agentStatusVariants(line, this.now()) : '';
        break;
      }
      case FLEET_SUMMARY_FUNCTION:
        value = fleetSummaryText(this.lines.values());
        break;
      case clickFunctionOf(AGENT_STATUS_COMPONENT):
      case clickFunctionOf(FLEET_SUMMARY_COMPONENT):
        if (typeof sessionId === 'string') this.onClick(sessionId);
        value = null;
        break;
      default:
        return this.reply(requestId, {
          case: 'jsonException',
          value: JSON.stringify({ reason: `No such function: ${rpc?.name}` }),
        });
    }
    await this.reply(requestId, { case: 'jsonValue', value: JSON.stringify(value) });
  }

  private async reply(
    requestId: string,
    result: { case: 'jsonValue' | 'jsonException'; value: string },
  ): Promise<void> {
    try {
      await this.client.call('serverOriginatedRpcResultRequest', { requestId, result });
    } catch (error) {
      // A connection lost meanwhile: iTerm2 ends the call itself (the script terminated).
      if (!(error instanceof ITerm2DisconnectedError)) throw error;
    }
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
