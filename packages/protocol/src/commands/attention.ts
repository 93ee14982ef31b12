import { z } from 'zod';
import { AttentionGroup, AttentionItem, AttentionSettings, PaneLocation } from '../model/attention';
import { Id, TeamRef } from '../model/ids';
import { defineCommand } from './define';

export const attentionCommands = {
  'attention.list': defineCommand({
    description:
      'Notifications (open ones by default, newest first), grouped by kind, with the attention settings.',
    input: z.strictObject({
      includeClosed: z.boolean().default(false).describe('also dismissed and resolved items'),
      limit: z.number().int().min(1).max(1000).default(200),
      before: Id.optional().describe(
        'the next page: items older than this one (the last item of the previous page), newest first',
      ),
    }),
    output: z.object({
      items: z.array(AttentionItem),
      groups: z.array(AttentionGroup),
      settings: AttentionSettings,
    }),
    callers: ['human'],
  }),
  'attention.dismiss': defineCommand({
    description: 'Dismiss notifications: by id, every open one of a group, or all of them.',
    input: z
      .strictObject({
        ids: z.array(Id).min(1).max(500).optional(),
        group: z.string().min(1).max(200).optional(),
        all: z.boolean().optional(),
      })
      .refine((i) => i.ids !== undefined || i.group !== undefined || i.all === true, {
        message: 'name ids, a group, or all: true',
      }),
    output: z.object({ ids: z.array(Id) }),
    callers: ['human'],
  }),
  'attention.goTo': defineCommand({
    description:
      "Focus the exact pane (window, tab, session) of a notification's agent, or of an agent; the UI selects the agent too.",
    input: z
      .strictObject({
        id: Id.optional().describe('a notification id'),
        agent: z.string().min(1).max(128).optional(),
      })
      .refine((i) => (i.id === undefined) !== (i.agent === undefined), {
        message: 'name exactly one of id and agent',
      }),
    output: PaneLocation,
    callers: ['human'],
  }),
  'attention.setDoNotDisturb': defineCommand({
    description:
      'Turn fleet-wide do-not-disturb on (optionally for a while) or off; notifications are still listed, not shown.',
    input: z.strictObject({
      enabled: z.boolean(),
      forMs: z
        .number()
        .int()
        .min(1000)
        .max(7 * 24 * 3_600_000)
        .optional()
        .describe('end do-not-disturb after this long'),
    }),
    output: AttentionSettings,
    callers: ['human'],
  }),
  'attention.muteTeam': defineCommand({
    description: "Mute (or unmute) one team's notifications.",
    input: z.strictObject({ team: TeamRef, muted: z.boolean().default(true) }),
    output: AttentionSettings,
    callers: ['human'],
  }),
} as const;
