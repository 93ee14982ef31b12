import type { MessageInitShape } from '@bufbuild/protobuf';
import type { VariableScope } from '../gen/api_pb';
import {
  CloseResponse_Status,
  InjectResponse_Status,
  InvokeFunctionResponse_Status,
  NotificationType,
  SplitPaneRequest_SplitDirection,
  type ActivateRequestSchema,
  type FocusChangedNotification,
  type GetBufferResponse,
  type GetPromptResponse,
  type ListSessionsResponse,
  type SplitTreeNodeSchema,
} from '../gen/api_pb';
import type { BufferLines } from './buffer-lines-frame';
import type { CallOptions, ITerm2Client, Subscription, SubscriptionSpec } from './client';
import { ITerm2InvokeError, ITerm2ProtocolError, ITerm2StatusError } from './errors';
import { applyLayoutInvocation, invocation, type ApplyLayoutSpec } from './invocation';
import {
  customProperties,
  functionContext,
  variableScope,
  type FunctionContext,
  type LineSelection,
  type NewSessionOptions,
  type VariableTarget,
} from './operation-args';

/**
 * The operations of iTerm2's API with plain arguments and results. Every request kind is also
 * reachable, fully typed, through `client.call(...)`; these wrap the ones Switchboard uses and the
 * built-in functions (`iterm2.*`) reached through InvokeFunction.
 */
export class ITerm2Api {
  constructor(readonly client: ITerm2Client) {}

  listSessions(): Promise<ListSessionsResponse> {
    return this.client.call('listSessionsRequest', {});
  }

  /** The focus snapshot: app active, key window, each window's selected tab and each tab's active session. */
  async focusSnapshot(): Promise<FocusChangedNotification[]> {
    return (await this.client.call('focusRequest', {})).notifications;
  }

  /** The broadcast domains: session ids whose typed input goes to each other. */
  async broadcastDomains(): Promise<string[][]> {
    const response = await this.client.call('getBroadcastDomainsRequest', {});
    return response.broadcastDomains.map((d) => [...d.sessionIds]);
  }

  /** Replaces every broadcast domain (iTerm2: each domain within one window, domains disjoint). */
  async setBroadcastDomains(domains: string[][]): Promise<void> {
    await this.client.call('setBroadcastDomainsRequest', {
      broadcastDomains: domains.map((sessionIds) => ({ sessionIds })),
    });
  }

  /** A new tab in `windowId`, or a new window when absent. */
  async createTab(
    options: NewSessionOptions & { windowId?: string; tabIndex?: number; selectTab?: boolean } = {},
  ) {
    const response = await this.client.call('createTabRequest', {
      ...(options.profileName ? { profileName: options.profileName } : {}),
      ...(options.windowId ? { windowId: options.windowId } : {}),
      ...(options.tabIndex !== undefined ? { tabIndex: options.tabIndex } : {}),
      customProfileProperties: customProperties(options),
      selectTab: options.selectTab ?? true,
    });
    return { windowId: response.windowId, tabId: String(response.tabId), sessionId: response.sessionId };
  }

  /** Splits `sessionId`: `vertical` = side by side (new pane right, or left with `before`). */
  async splitPane(
    sessionId: string,
    options: NewSessionOptions & { vertical: boolean; before?: boolean },
  ): Promise<string[]> {
    const response = await this.client.call('splitPaneRequest', {
      session: sessionId,
      splitDirection: options.vertical
        ? SplitPaneRequest_SplitDirection.VERTICAL
        : SplitPaneRequest_SplitDirection.HORIZONTAL,
      before: options.before ?? false,
      ...(options.profileName ? { profileName: options.profileName } : {}),
      customProfileProperties: customProperties(options),
    });
    return response.sessionId;
  }

  /** Closes sessions, tabs or windows; any id that fails makes it throw with that id's status. */
  async close(
    target: { sessions: string[] } | { tabs: string[] } | { windows: string[] },
    force = true,
  ): Promise<void> {
    const [kind, ids] =
      'sessions' in target
        ? (['sessions', target.sessions] as const)
        : 'tabs' in target
          ? (['tabs', target.tabs] as const)
          : (['windows', target.windows] as const);
    const inner =
      kind === 'sessions' ? { sessionIds: ids } : kind === 'tabs' ? { tabIds: ids } : { windowIds: ids };
    const response = await this.client.call('closeRequest', {
      target: { case: kind, value: inner } as never,
      force,
    });
    const bad = response.statuses.findIndex((s) => s !== CloseResponse_Status.OK);
    if (bad >= 0) {
      const status = response.statuses[bad]!;
      throw new ITerm2StatusError(
        'close',
        CloseResponse_Status[status] ?? `STATUS_${status}`,
        status,
        `${kind} ${ids[bad] ?? '?'}`,
      );
    }
  }

  async activate(
    target: { session: string } | { tab: string } | { window: string },
    flags: Omit<MessageInitShape<typeof ActivateRequestSchema>, 'identifier' | '$typeName'> = {},
  ): Promise<void> {
    const identifier =
      'session' in target
        ? { case: 'sessionId' as const, value: target.session }
        : 'tab' in target
          ? { case: 'tabId' as const, value: target.tab }
          : { case: 'windowId' as const, value: target.window };
    await this.client.call('activateRequest', { identifier, ...flags });
  }

  async restartSession(sessionId: string, onlyIfExited = false): Promise<void> {
    await this.client.call('restartSessionRequest', { sessionId, onlyIfExited });
  }

  async sendText(sessionId: string, text: string, suppressBroadcast = false): Promise<void> {
    await this.client.call('sendTextRequest', { session: sessionId, text, suppressBroadcast });
  }

  /** Feeds bytes to the terminal as if the program printed them. */
  async inject(sessionIds: string[], data: Uint8Array): Promise<void> {
    const response = await this.client.call('injectRequest', { sessionId: sessionIds, data });
    const bad = response.status.findIndex((s) => s !== InjectResponse_Status.OK);
    if (bad >= 0)
      throw new ITerm2StatusError(
        'inject',
        InjectResponse_Status[response.status[bad]!] ?? 'UNKNOWN',
        response.status[bad]!,
        sessionIds[bad],
      );
  }

  /**
   * Lines of a session: the screen, the last N lines, or an absolute range (line 0 = first line ever).
   * iTerm2 answers an unusable range with an empty envelope; that arrives as an `ITerm2ProtocolError`.
   */
  getBuffer(
    sessionId: string,
    lines: LineSelection,
    includeStyles = false,
    options?: CallOptions,
  ): Promise<GetBufferResponse> {
    return this.client.call('getBufferRequest', bufferRequest(sessionId, lines, includeStyles), options);
  }

  /** As `getBuffer` without styles, answered with the lines alone (`ITerm2Client.readLines`): cheaper to read. */
  readLines(sessionId: string, lines: LineSelection, options?: CallOptions): Promise<BufferLines> {
    return this.client.readLines(bufferRequest(sessionId, lines, false), options);
  }

  /** `number_of_lines` of a session: overflow, screen rows, scrollback lines, first visible line. */
  async lineInfo(
    sessionId: string,
  ): Promise<{ overflow: number; grid: number; history: number; first_visible: number }> {
    return JSON.parse(await this.getProperty({ session: sessionId }, 'number_of_lines'));
  }

  getPrompt(sessionId: string, uniquePromptId?: string, options?: CallOptions): Promise<GetPromptResponse> {
    return this.client.call(
      'getPromptRequest',
      { session: sessionId, ...(uniquePromptId ? { uniquePromptId } : {}) },
      options,
    );
  }

  async listPrompts(sessionId: string): Promise<string[]> {
    return (await this.client.call('listPromptsRequest', { session: sessionId })).uniquePromptId;
  }

  /** Reads variables (JSON-decoded; unset = null). */
  async getVariables(target: VariableTarget, names: string[]): Promise<unknown[]> {
    const response = await this.client.call('variableRequest', { scope: variableScope(target), get: names });
    return response.values.map((v) => JSON.parse(v));
  }

  /** Sets `user.*` variables; `null` unsets. */
  async setVariables(target: VariableTarget, values: Record<string, unknown>): Promise<void> {
    await this.client.call('variableRequest', {
      scope: variableScope(target),
      set: Object.entries(values).map(([name, value]) => ({ name, value: JSON.stringify(value) })),
    });
  }

  /** Session-local profile overrides (the saved profile is untouched). One call per key on servers older than 0.69. */
  async setProfileProperties(sessionId: string, values: Record<string, unknown>): Promise<void> {
    const assignments = Object.entries(values).map(([key, value]) => ({
      key,
      jsonValue: JSON.stringify(value),
    }));
    if (this.client.supports('multiAssignmentProfileProperty')) {
      await this.client.call('setProfilePropertyRequest', {
        target: { case: 'session', value: sessionId },
        assignments,
      });
      return;
    }
    for (const a of assignments)
      await this.client.call('setProfilePropertyRequest', {
        target: { case: 'session', value: sessionId },
        key: a.key,
        jsonValue: a.jsonValue,
      });
  }

  async getProfileProperties(sessionId: string, keys: string[] = []): Promise<Record<string, unknown>> {
    const response = await this.client.call('getProfilePropertyRequest', { session: sessionId, keys });
    return Object.fromEntries(response.properties.map((p) => [p.key, JSON.parse(p.jsonValue)]));
  }

  async getProperty(target: { session: string } | { window: string }, name: string): Promise<string> {
    const identifier =
      'session' in target
        ? { case: 'sessionId' as const, value: target.session }
        : { case: 'windowId' as const, value: target.window };
    return (await this.client.call('getPropertyRequest', { identifier, name })).jsonValue;
  }

  async setProperty(
    target: { session: string } | { window: string },
    name: string,
    value: unknown,
  ): Promise<void> {
    const identifier =
      'session' in target
        ? { case: 'sessionId' as const, value: target.session }
        : { case: 'windowId' as const, value: target.window };
    await this.client.call('setPropertyRequest', { identifier, name, jsonValue: JSON.stringify(value) });
  }

  /** Resizes panes of a tab whose tree shape is unchanged (a different shape is WRONG_TREE). */
  async setTabLayout(tabId: string, root: MessageInitShape<typeof SplitTreeNodeSchema>): Promise<void> {
    await this.client.call('setTabLayoutRequest', { tabId, root });
  }

  /** Puts the listed tabs at indexes 0..n-1 of each window, moving tabs between windows. */
  async reorderTabs(assignments: { windowId: string; tabIds: string[] }[]): Promise<void> {
    await this.client.call('reorderTabsRequest', { assignments });
  }

  /** Runs an iTerm2 expression and returns its JSON-decoded result. */
  async invokeFunction(
    context: FunctionContext,
    expression: string,
    timeoutSeconds = -1,
    options: CallOptions = {},
  ): Promise<unknown> {
    const ctx = functionContext(context);
    const deadline = options.timeoutMs ?? (timeoutSeconds > 0 ? timeoutSeconds * 1000 + 5_000 : 35_000);
    const response = await this.client.call(
      'invokeFunctionRequest',
      { context: ctx, invocation: expression, timeout: timeoutSeconds },
      { ...options, timeoutMs: deadline },
    );
    const disposition = response.disposition;
    if (disposition.case === 'error') {
      const status = disposition.value.status;
      throw new ITerm2InvokeError(
        expression,
        InvokeFunctionResponse_Status[status] ?? `STATUS_${status}`,
        status,
        disposition.value.errorReason,
      );
    }
    if (disposition.case !== 'success')
      throw new ITerm2ProtocolError('invoke_function', 'a response with neither success nor error');
    const json = disposition.value.jsonResult;
    return json === '' ? null : JSON.parse(json);
  }

  /** Session name (what ListSessions reports as `title`). */
  setSessionName(sessionId: string, name: string): Promise<unknown> {
    return this.invokeFunction({ method: sessionId }, invocation('iterm2.set_name', { name }));
  }

  /** Moves a live session beside `destination` (protocol 1.11+). */
  async moveSession(session: string, destination: string, vertical: boolean, before = false): Promise<void> {
    await this.invokeFunction(
      { app: true },
      invocation('iterm2.move_session', { session, destination, vertical, before }),
    );
  }

  /** Moves a live session into a new tab (protocol 1.13+); returns the tab id. */
  async moveSessionToNewTab(
    session: string,
    options: { windowId?: string; tabIndex?: number } = {},
  ): Promise<string | null> {
    const result = await this.invokeFunction(
      { app: true },
      invocation('iterm2.move_session_to_new_tab', {
        session,
        window_id: options.windowId,
        tab_index: options.tabIndex,
      }),
    );
    return result === null ? null : String(result);
  }

  /** Moves a live session into a new window (protocol 1.13+); returns the window id. */
  async moveSessionToNewWindow(session: string): Promise<string | null> {
    const result = await this.invokeFunction(
      { app: true },
      invocation('iterm2.move_session_to_new_window', { session }),
    );
    return result === null ? null : String(result);
  }

  /** Reshapes tabs in one step, moving live sessions (protocol 1.14+; `new_session` leaves 1.16+). */
  async applyLayout(spec: ApplyLayoutSpec): Promise<void> {
    await this.invokeFunction({ app: true }, applyLayoutInvocation(spec));
  }

  /** Runs `body` inside a transaction: iTerm2 executes only this connection's requests meanwhile. */
  async transaction<T>(body: () => Promise<T>): Promise<T> {
    await this.client.call('transactionRequest', { begin: true });
    try {
      return await body();
    } finally {
      // Swallowed on purpose: ending a transaction on a dropped connection: iTerm2 ends it with the connection; the body's own result or error is what counts.
      await this.client.call('transactionRequest', { begin: false }).catch(() => undefined);
    }
  }

  subscribe(
    type: NotificationType,
    session = 'all',
    extra: Omit<SubscriptionSpec, 'notificationType' | 'session'> = {},
  ): Promise<Subscription> {
    return this.client.subscribe({ ...extra, session, notificationType: type });
  }

  /** Watches a variable (`"all"` sessions or windows include future ones). */
  watchVariable(scope: VariableScope, identifier: string, name: string): Promise<Subscription> {
    return this.client.subscribe({
      notificationType: NotificationType.NOTIFY_ON_VARIABLE_CHANGE,
      arguments: { case: 'variableMonitorRequest', value: { name, scope, identifier } },
    });
  }
}

function bufferRequest(session: string, lines: LineSelection, includeStyles: boolean) {
  const lineRange =
    'screen' in lines
      ? { screenContentsOnly: true }
      : 'trailing' in lines
        ? { trailingLines: lines.trailing }
        : {
            windowedCoordRange: {
              coordRange: {
                start: { x: 0, y: BigInt(lines.first) },
                end: { x: 0, y: BigInt(lines.first + lines.count) },
              },
            },
          };
  return { session, lineRange, includeStyles };
}
