import { z } from 'zod';
import { Id } from '../model/ids';
import { PaneTarget } from '../model/pane';
import { defineCommand } from './define';

const PaneId = z.string().min(1).max(128);

/**
 * The live screen of a pane, for the people watching it. Named "mirror" because `pane.watch` already
 * means output-pattern subscriptions. Core produces `pane.screen` frames only while someone mirrors the
 * pane (counted per call); a transport delivers them only to the connections that asked.
 */
export const mirrorCommands = {
  'pane.mirror': defineCommand({
    description:
      'Start receiving `pane.screen` frames for a pane: a full screen first, then the rows that changed (at most ~30 a second). ' +
      'Each call counts once; undo it with pane.unmirror. Calling again also makes the next frame a full one (a resync).',
    input: z.strictObject({ target: PaneTarget }),
    output: z.object({ paneId: z.string(), agentId: Id.nullable(), viewers: z.number().int().nonnegative() }),
    callers: ['human'],
  }),
  'pane.unmirror': defineCommand({
    description: 'Stop one pane.mirror subscription; frames stop when nobody mirrors the pane any more.',
    input: z.strictObject({ paneId: PaneId }),
    output: z.object({ paneId: z.string(), viewers: z.number().int().nonnegative() }),
    callers: ['human'],
  }),
} as const;
