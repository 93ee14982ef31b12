import { z } from 'zod';
import { AttentionItem, AttentionSettings, PaneLocation } from '../model/attention';
import { Id } from '../model/ids';
import { defineEvent } from './define';

export const attentionEvents = [
  /** A notification to show (unless `item.silenced`): new, or an open one that arose again after its cool-down. */
  defineEvent('attention.raised', { item: AttentionItem }),
  /** An open item changed without asking for attention again (its kind moved on, e.g. waiting → approval pending). */
  defineEvent('attention.updated', { item: AttentionItem }),
  /** Items closed: dismissed by the person, resolved by the condition ending, or acted on. */
  defineEvent('attention.closed', { ids: z.array(Id), reason: z.enum(['dismissed', 'resolved', 'acted']) }),
  defineEvent('attention.settings_changed', { settings: AttentionSettings }),
  /** "Go to pane" focused this pane; the UI selects the agent. */
  defineEvent('attention.focused', { location: PaneLocation, itemId: Id.nullable() }),
] as const;
