import { z } from 'zod';
import { Id } from '../model/ids';
import { Manager } from '../model/manager';
import { defineEvent } from './define';

export const managerEvents = [
  defineEvent('manager.created', { manager: Manager }),
  defineEvent('manager.updated', { manager: Manager }),
  defineEvent('manager.deleted', { managerId: Id, ownerId: z.string(), workerIds: z.array(z.string()) }),
] as const;
