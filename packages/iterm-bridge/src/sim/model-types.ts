import type { FocusChangedNotification, VariableScope } from '../gen/api_pb';
import type { JsonValue, ProfileDict } from './profiles';
import type { PromptEvent } from './prompts';
import type { SplitNode } from './split-tree';

/** What the model reports; the notifier turns these into per-connection notifications. */
export interface ModelObserver {
  sessionCreated(sessionId: string): void;
  sessionTerminated(sessionId: string): void;
  layoutChanged(): void;
  focusChanged(events: FocusChangedNotification[]): void;
  screenChanged(sessionId: string): void;
  customEscape(sessionId: string, identity: string | undefined, payload: string): void;
  variableChanged(scope: VariableScope, identifier: string, name: string, jsonValue: string): void;
  prompt(sessionId: string, event: PromptEvent): void;
}

export interface SimTab {
  readonly id: string;
  root: SplitNode;
  activeSessionId: string;
  title: string | undefined;
  readonly userVariables: Map<string, JsonValue>;
}

export interface SimWindow {
  readonly id: string;
  readonly number: number;
  tabs: SimTab[];
  selectedTabId: string;
  cols: number;
  rows: number;
  fullscreen: boolean;
  title: string | undefined;
  readonly userVariables: Map<string, JsonValue>;
  /** Set by SetProperty `frame`; otherwise windows cascade by number. */
  frameOrigin?: { x: number; y: number };
}

export interface NewSessionOptions {
  profile?: ProfileDict;
  overrides?: ProfileDict;
}
