import { Host } from '../model/host';
import { z } from 'zod';
import { defineEvent } from './define';

/** The registry of remote hosts changed (the human's views re-read; agents are not told where machines are). */
export const hostEvents = [
  defineEvent('host.added', { host: Host }),
  defineEvent('host.removed', { name: z.string() }),
] as const;
