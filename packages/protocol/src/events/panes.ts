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
] as const;
