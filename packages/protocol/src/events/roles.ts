import { Role } from '../model/role';
import { defineEvent } from './define';

export const roleEvents = [defineEvent('role.updated', { role: Role })] as const;
