import type { Agent } from '@switchboard/protocol';
import type { AuditLog } from '../../audit/audit-log';
import type { Clock } from '../../ports/clock';
import type { PaneWrite } from './pane-write';
import { auditActorOf, describeOrigin, type WriteOrigin } from './write-origin';

/** Refusals of the same writer at the same pane and block are audited once in this window. */
const REFUSAL_AUDIT_WINDOW_MS = 60_000;

/** The gate's audit lines: writes by messages, recovery and Switchboard, and refusals once per writer, pane and block. */
export class GateAudit {
  private readonly refusalsAudited = new Map<string, number>();

  constructor(
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  write(request: PaneWrite, agent: Agent | undefined): void {
    const { origin } = request;
    // The human's and agents' pane commands are audited by the dispatcher; decisions by prompt.answered.
    if (origin.kind === 'human' || origin.kind === 'agent' || origin.kind === 'decision') return;
    this.audit.append({
      actor: auditActorOf(origin),
      action: 'pane.write',
      target: request.paneId,
      details: {
        origin: describeOrigin(origin),
        agentId: agent?.id ?? null,
        ...(origin.kind === 'message' ? { messageId: origin.messageId } : {}),
        characters: request.text?.length ?? 0,
        keys: [...(request.keys ?? [])],
        submit: request.submit === true,
      },
    });
  }

  refusal(
    origin: WriteOrigin,
    paneId: string,
    agent: Agent | undefined,
    reason: string,
    message: string,
    approvalId: string | null = null,
  ): void {
    const key = `${describeOrigin(origin)}|${paneId}|${reason}|${approvalId ?? ''}`;
    const now = this.clock.now();
    const last = this.refusalsAudited.get(key);
    if (last !== undefined && now - last < REFUSAL_AUDIT_WINDOW_MS) return;
    for (const [k, at] of this.refusalsAudited)
      if (now - at >= REFUSAL_AUDIT_WINDOW_MS) this.refusalsAudited.delete(k);
    this.refusalsAudited.set(key, now);
    this.audit.append({
      actor: auditActorOf(origin),
      action: 'pane.write',
      target: paneId,
      outcome: 'denied',
      details: { origin: describeOrigin(origin), agentId: agent?.id ?? null, reason, approvalId, message },
    });
  }
}
