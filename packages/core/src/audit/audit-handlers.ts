import type { HandlerMap } from '../dispatch/handler';
import type { AuditLog } from './audit-log';

export type AuditCommand = 'audit.list' | 'audit.verify';

export function auditHandlers(audit: AuditLog): HandlerMap<AuditCommand> {
  return {
    'audit.list': (input) => ({ entries: audit.list(input) }),
    'audit.verify': () => audit.verifyInTurns(),
  };
}
