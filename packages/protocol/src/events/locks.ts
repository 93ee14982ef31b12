import { Lock, LockReleaseReason } from '../model/lock';
import { defineEvent } from './define';

export const lockEvents = [
  defineEvent('lock.acquired', { lock: Lock }),
  defineEvent('lock.renewed', { lock: Lock }),
  defineEvent('lock.released', { lock: Lock, reason: LockReleaseReason }),
  defineEvent('lock.expired', { lock: Lock }),
] as const;
