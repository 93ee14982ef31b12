import { z } from 'zod';
import { Name } from '../model/ids';
import { ArrangementSummary, FleetLayout, LayoutPreset } from '../model/layout';
import { defineCommand } from './define';

export const layoutCommands = {
  'layout.get': defineCommand({
    description:
      'The layout the engine computes for the fleet with the current preset (windows, tabs, split trees).',
    input: z.strictObject({}),
    output: FleetLayout,
    callers: ['human', 'agent'],
  }),
  'layout.preview': defineCommand({
    description:
      'The layout a preset or a saved arrangement would give the fleet now, computed without moving anything.',
    input: z
      .strictObject({ preset: LayoutPreset.optional(), arrangement: Name.optional() })
      .refine((input) => (input.preset === undefined) !== (input.arrangement === undefined), {
        message: 'give a preset or an arrangement (one of them)',
      }),
    output: FleetLayout,
    callers: ['human'],
  }),
  'layout.apply': defineCommand({
    description:
      'Lay the fleet out with a preset (or re-apply the current one), moving live panes; nothing restarts.',
    input: z.strictObject({ preset: LayoutPreset.optional() }),
    output: FleetLayout,
    callers: ['human'],
  }),
  'layout.save': defineCommand({
    description: 'Save the current arrangement (preset, team tree, agent order) under a name.',
    input: z.strictObject({ name: Name, replace: z.boolean().default(false) }),
    output: ArrangementSummary,
    callers: ['human'],
  }),
  'layout.restore': defineCommand({
    description: 'Restore a saved arrangement for the teams and agents that still exist, and apply it.',
    input: z.strictObject({ name: Name }),
    output: FleetLayout,
    callers: ['human'],
  }),
  'layout.list': defineCommand({
    description: 'The saved arrangements.',
    input: z.strictObject({}),
    output: z.object({ arrangements: z.array(ArrangementSummary) }),
    callers: ['human'],
  }),
  'layout.delete': defineCommand({
    description: 'Delete a saved arrangement.',
    input: z.strictObject({ name: Name }),
    output: z.object({ name: Name }),
    callers: ['human'],
  }),
} as const;
