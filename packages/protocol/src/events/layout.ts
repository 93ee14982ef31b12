import { z } from 'zod';
import { Name } from '../model/ids';
import { ArrangementSummary, FleetLayout } from '../model/layout';
import { defineEvent } from './define';

export const layoutEvents = [
  defineEvent('layout.applied', { layout: FleetLayout, reason: z.string() }),
  defineEvent('layout.saved', { arrangement: ArrangementSummary }),
  defineEvent('layout.deleted', { name: Name }),
] as const;
