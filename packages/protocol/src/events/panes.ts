import { z } from 'zod';
import { Id } from '../model/ids';
import { HumanNotification, PaneWatch } from '../model/pane';
import { defineEvent } from './define';

export const paneEvents = [
  defineEvent('pane.watch_added', { watch: PaneWatch }),
  defineEvent('pane.watch_removed', { watchId: Id }),
  /** A watched pane printed a line matching the watch's pattern. */
  defineEvent('pane.matched', {
    watchId: Id,
    paneId: z.string(),
    agentId: Id.nullable(),
    notifyAgentId: Id.nullable(),
    label: z.string().nullable(),
    line: z.string(),
  }),
  defineEvent('human.notified', { notification: HumanNotification }),
  /**
   * "Take control": the human typed into the pane (the UI mirror, or keystrokes the backend reports), so
   * automated input to it (agents, message deliveries, recovery) pauses until `until`; `until` null: the
   * quiet period ended and automated input flows again.
   */
  defineEvent('pane.human_control', {
    paneId: z.string(),
    agentId: Id.nullable(),
    until: z.string().nullable(),
  }),
  /**
   * The pane input gate held an automated write (a message delivery) instead of typing it: `reason` says
   * what it waits for (a permission prompt to be decided, the human's quiet period to end).
   */
  defineEvent('pane.input_held', {
    paneId: z.string(),
    agentId: Id.nullable(),
    origin: z.string(),
    reason: z.string(),
    approvalId: Id.nullable(),
  }),
] as const;
