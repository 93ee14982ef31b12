import { z } from 'zod';
import { Approval, ApprovalPolicy } from '../model/approval';
import { Id } from '../model/ids';
import { defineEvent } from './define';

export const approvalEvents = [
  defineEvent('approval.requested', { approval: Approval }),
  defineEvent('approval.decided', { approval: Approval }),
  defineEvent('approval.expired', { approval: Approval }),
  /** The item no longer needs a decision (e.g. its prompt was answered in the terminal); `reason` says why. */
  defineEvent('approval.withdrawn', { approval: Approval, reason: z.string() }),
  defineEvent('policy.added', { policy: ApprovalPolicy }),
  defineEvent('policy.updated', { policy: ApprovalPolicy }),
  defineEvent('policy.removed', { policyId: Id }),
] as const;
