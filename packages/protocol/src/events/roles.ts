import { Name } from '../model/ids';
import { Role } from '../model/role';
import { defineEvent } from './define';

export const roleEvents = [
  defineEvent('role.updated', { role: Role }),
  defineEvent('role.removed', { name: Name }),
] as const;
