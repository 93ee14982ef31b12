import { Approval, ApprovalPolicy } from '../model/approval';
import { Id } from '../model/ids';
import { defineEvent } from './define';

export const approvalEvents = [
  defineEvent('approval.requested', { approval: Approval }),
  defineEvent('approval.decided', { approval: Approval }),
  defineEvent('approval.expired', { approval: Approval }),
  defineEvent('policy.added', { policy: ApprovalPolicy }),
  defineEvent('policy.removed', { policyId: Id }),
] as const;
