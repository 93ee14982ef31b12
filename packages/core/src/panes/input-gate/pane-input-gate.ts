/**
 * The pane input gate: the ONE path for every write into a pane (typed message deliveries, `pane.send`
 * and `pane.keys` from agents and the human, recovery nudges and keys, prompt answers). Nothing else in
 * core calls the backend's `sendText`, keys included (a key is its KEY_BYTES text): the lint rule
 * `no-restricted-syntax` in eslint.config.js and test/panes/input-gate/only-path.test.ts prove it.
 *
 * API (all a caller needs):
 *   gate.write({ paneId, origin, text?, keys?, submit?, whenBlocked? })
 *     → { status: 'written', submitted, screenBeforeSubmit }  the bytes went in
 *     → { status: 'held', block }                             with whenBlocked: 'hold'; nothing was written
 *     throws SwitchboardError `conflict` (details: the block)  with whenBlocked: 'refuse' (the default)
 *     throws `forbidden` (pane.write.others), `locked` (someone else's lease), `not_found`, `unavailable`
 *   gate.whenWritable(paneId, origin, signal?) → resolves when nothing blocks that writer any more
 *   gate.blockOf(paneId, origin) → the current block, or undefined
 *   gate.check(paneId, origin) → throws as `write` would, writes nothing
 *
 * Rules, in order:
 *   1. Rights (always refused, never held): an agent writes into another agent's pane only with its
 *      role's `canWriteOtherPanes` (`pane.write.others`); neither an agent nor a message from one writes
 *      into a pane someone else holds a lease on.
 *   2. A permission prompt (an open prompt item of the pane's agent, or a prompt readable on its screen
 *      right now) blocks every writer except a decision (`origin.kind === 'decision'`): only
 *      `approval.decide` (the human, the menu bar, a policy) answers a prompt.
 *   3. "Take control": the human's writes start a quiet period on the pane; automated writers (agents,
 *      messages, recovery, Switchboard) are blocked until it ends. Decisions and the human pass.
 * The checks run again right before every key, before every Enter, newline, Escape or Ctrl+C/D inside the
 * text (each starts its own write) and before the submit key, one write per pane at a time, so a prompt
 * drawn while text was being typed still stops the Enter that would have answered it. What is left is
 * the moment between one screen read and the write right after it (one backend round trip): a prompt
 * drawn exactly then can still take a write that begins with such a byte. Claude Code ignores keys for
 * about a second after drawing its dialog; a line-oriented `[y/N]` question does not.
 * Writes by messages, recovery and Switchboard are audited here (`pane.write`, with the message id);
 * the human's and agents' commands are audited by the dispatcher, decisions by `prompt.answered`;
 * refusals are audited here once per writer, pane and block.
 */
import { SwitchboardError } from '@switchboard/protocol';
import type { Agent, Caller } from '@switchboard/protocol';
import type { AuditLog } from '../../audit/audit-log';
import type { EventBus } from '../../events/event-bus';
import type { Clock } from '../../ports/clock';
import type { ScreenSnapshot, TerminalBackend } from '../../ports/terminal-backend';
import { backendCall } from '../backend-call';
import { keyBytes, splitBeforeAnsweringBytes, submitDelayMs } from '../pane-keys';
import { GateAudit } from './gate-audit';
import { HumanControl } from './human-control';
import { blockFor } from './pane-block';
import type { GateResult, PaneBlock, PaneWrite } from './pane-write';
import { actingAgent, describeOrigin, type WriteOrigin } from './write-origin';
import { KeyedSerialQueue } from '../../fleet/serial-queue';

export type { WriteOrigin } from './write-origin';
export type { GateResult, PaneBlock, PaneWrite } from './pane-write';

export interface PaneInputGateDeps {
  backend: TerminalBackend;
  clock: Clock;
  bus: EventBus;
  audit: AuditLog;
  /** The agent bound to a pane, if any. */
  agentOfPane(paneId: string): Agent | undefined;
  /** Throws `forbidden` unless `writerAgentId` may write into `paneAgentId`'s pane (RoleGuard.assertMayWritePane). */
  assertMayWritePane(writerAgentId: string, paneAgentId: string): void;
  /** Throws `locked` when someone other than the caller holds a lease on the pane. */
  assertPaneAccess(caller: Caller, paneId: string): void;
  /** The open permission item of an agent (the prompt service's), if any. */
  openPromptItem(agentId: string): { approvalId: string; question: string | null } | undefined;
  /** The human's quiet period after typing into a pane; 0 turns "take control" off. */
  humanQuietMs?: number;
}

export const DEFAULT_HUMAN_QUIET_MS = 5_000;
/** While someone waits for a pane, it is checked again at least this often (events usually come first). */
const WAITER_RECHECK_MS = 1_000;

interface Waiter {
  origin: WriteOrigin;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class PaneInputGate {
  private readonly chains = new KeyedSerialQueue();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly rechecking = new Set<string>();
  private readonly recheckTimers = new Map<string, () => void>();
  private readonly audit: GateAudit;
  private readonly human: HumanControl;
  private readonly unsubscribes: (() => void)[] = [];
  private closed = false;

  constructor(private readonly deps: PaneInputGateDeps) {
    this.audit = new GateAudit(deps.audit, deps.clock);
    this.human = new HumanControl(
      deps.clock,
      deps.humanQuietMs ?? DEFAULT_HUMAN_QUIET_MS,
      (paneId, until) => {
        deps.bus.emit({
          type: 'pane.human_control',
          paneId,
          agentId: deps.agentOfPane(paneId)?.id ?? null,
          until: until === null ? null : new Date(until).toISOString(),
        });
        if (until === null) this.recheck(paneId);
      },
    );
    this.unsubscribes.push(
      deps.backend.onEvent((event) => {
        if (event.type === 'pane.output') this.recheck(event.paneId);
        else if (event.type === 'pane.keystroke') this.human.noteTyping(event.paneId);
        else if (event.type === 'pane.closed') this.paneClosed(event.paneId);
      }),
      deps.bus.subscribe((event) => {
        if (
          event.type === 'approval.decided' ||
          event.type === 'approval.withdrawn' ||
          event.type === 'approval.expired' ||
          event.type === 'prompt.answered'
        ) {
          for (const paneId of this.waiters.keys()) this.recheck(paneId);
        }
      }),
    );
  }

  /** Writes into a pane, holds, or refuses: see the file header. */
  write(request: PaneWrite): Promise<GateResult> {
    return this.serially(request.paneId, () => this.writeNow(request));
  }

  /** Throws as `write` would (forbidden, locked, conflict) without writing anything. */
  async check(paneId: string, origin: WriteOrigin): Promise<void> {
    const agent = this.deps.agentOfPane(paneId);
    this.assertRights(origin, paneId, agent);
    const block = await this.evaluate(paneId, agent, origin);
    if (block) this.blocked({ paneId, origin }, block);
  }

  /**
   * Rule 1 alone, for acts on a pane that type nothing (focus, appearance, user variables): an agent acts on
   * another agent's pane only with `pane.write.others`, and not on a pane someone else leases.
   */
  assertMayAct(paneId: string, origin: WriteOrigin): void {
    this.assertRights(origin, paneId, this.deps.agentOfPane(paneId));
  }

  /** Whether someone other than this writer holds a lease on the pane now (rule 1); audits nothing. */
  leasedAgainst(paneId: string, origin: WriteOrigin): boolean {
    const writer = actingAgent(origin);
    if (writer === undefined) return false;
    try {
      this.deps.assertPaneAccess({ kind: 'agent', id: writer }, paneId);
      return false;
    } catch (error) {
      if (error instanceof SwitchboardError && error.code === 'locked') return true;
      throw error;
    }
  }

  /** What blocks this writer at this pane now (reads the screen), or undefined. */
  async blockOf(paneId: string, origin: WriteOrigin): Promise<PaneBlock | undefined> {
    return this.evaluate(paneId, this.deps.agentOfPane(paneId), origin);
  }

  /** Resolves once nothing blocks `origin` at the pane (checked on pane output, decisions and the human's quiet end). */
  whenWritable(paneId: string, origin: WriteOrigin, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.closed) return reject(new SwitchboardError('unavailable', 'Switchboard is shutting down'));
      const waiter: Waiter = { origin, resolve, reject };
      const set = this.waiters.get(paneId) ?? new Set<Waiter>();
      set.add(waiter);
      this.waiters.set(paneId, set);
      signal?.addEventListener(
        'abort',
        () => {
          set.delete(waiter);
          reject(new SwitchboardError('unavailable', 'No longer waiting for the pane'));
        },
        { once: true },
      );
      this.recheck(paneId);
    });
  }

  /** A prompt left the screen by output alone (it may wait behind it): automated input waits for the person. */
  noteHiddenPrompt(paneId: string, question: string | null): void {
    this.human.noteHiddenPrompt(paneId, question);
  }

  /** Whether the person typed into the pane (in the UI, or in the terminal itself) at or after `since` (ms). */
  humanTypedSince(paneId: string, since: number): boolean {
    return this.human.typedSince(paneId, since);
  }

  close(): void {
    this.closed = true;
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    for (const cancel of this.recheckTimers.values()) cancel();
    this.human.close();
    for (const [paneId, set] of this.waiters)
      for (const waiter of set)
        waiter.reject(
          new SwitchboardError(
            'unavailable',
            `Stopped waiting for pane ${paneId}: Switchboard is shutting down`,
          ),
        );
    this.waiters.clear();
  }

  private async writeNow(request: PaneWrite): Promise<GateResult> {
    const { paneId, origin } = request;
    const agent = this.deps.agentOfPane(paneId);
    this.assertRights(origin, paneId, agent);
    if (origin.kind === 'human') this.human.noteTyping(paneId);
    const first = await this.evaluate(paneId, agent, origin);
    if (first) return this.blocked(request, first);
    const { backend } = this.deps;
    const text = request.text ?? '';
    // Each Enter, newline, Escape or Ctrl+C/D in the text starts its own write right after a fresh check:
    // a prompt drawn while the text before it was typed stops it (the window left is one read → one write).
    for (const [index, part] of splitBeforeAnsweringBytes(text).entries()) {
      if (index > 0) {
        const block = await this.evaluate(paneId, agent, origin);
        if (block) return this.blocked(request, block);
      }
      await backendCall(() => backend.sendText(paneId, part));
    }
    for (const key of request.keys ?? []) {
      if (request.keyGapMs) await this.sleep(request.keyGapMs);
      const block = await this.evaluate(paneId, agent, origin);
      if (block) return this.blocked(request, block);
      await backendCall(() => backend.sendText(paneId, keyBytes(key)));
    }
    let screenBeforeSubmit: ScreenSnapshot | null = null;
    if (request.submit) {
      await this.sleep(submitDelayMs(text));
      const { block, screen } = await this.evaluateWithScreen(paneId, agent, origin);
      if (block) return this.blocked(request, block);
      screenBeforeSubmit = screen;
      await backendCall(() => backend.sendText(paneId, '\r'));
    }
    this.audit.write(request, agent);
    return { status: 'written', submitted: request.submit === true, screenBeforeSubmit };
  }

  private assertRights(origin: WriteOrigin, paneId: string, agent: Agent | undefined): void {
    const writer = actingAgent(origin);
    if (writer === undefined) return;
    try {
      // pane.write.others governs raw writes (pane.send/pane.keys); a message is framed data whose typing
      // the messaging domain decides (idle input prompt, owner's setting), so only the lease applies to it.
      if (agent && origin.kind === 'agent') this.deps.assertMayWritePane(writer, agent.id);
      this.deps.assertPaneAccess({ kind: 'agent', id: writer }, paneId);
    } catch (error) {
      if (error instanceof SwitchboardError && error.code === 'locked')
        this.audit.refusal(origin, paneId, agent, 'locked', error.message);
      throw error;
    }
  }

  private async evaluate(
    paneId: string,
    agent: Agent | undefined,
    origin: WriteOrigin,
  ): Promise<PaneBlock | undefined> {
    return (await this.evaluateWithScreen(paneId, agent, origin)).block;
  }

  /** The block for this writer now, reading the screen (the screen is returned for the submit's confirmation). */
  private async evaluateWithScreen(
    paneId: string,
    agent: Agent | undefined,
    origin: WriteOrigin,
  ): Promise<{ block: PaneBlock | undefined; screen: ScreenSnapshot }> {
    const screen = await backendCall(() => this.deps.backend.readScreen(paneId));
    return {
      block: blockFor({
        paneId,
        agent,
        origin,
        screen,
        openPromptItem: (agentId) => this.deps.openPromptItem(agentId),
        human: this.human,
      }),
      screen,
    };
  }

  private blocked(request: PaneWrite, block: PaneBlock): GateResult {
    const { origin, paneId } = request;
    if (request.whenBlocked === 'hold') {
      this.deps.bus.emit({
        type: 'pane.input_held',
        paneId,
        agentId: block.agentId,
        origin: describeOrigin(origin),
        reason: block.message,
        approvalId: block.approvalId,
      });
      return { status: 'held', block };
    }
    this.audit.refusal(
      origin,
      paneId,
      this.deps.agentOfPane(paneId),
      block.reason,
      block.message,
      block.approvalId,
    );
    const hint =
      block.reason === 'prompt'
        ? 'The human decides the permission item (the approval queue) or a policy does; the pane takes input again once the prompt is gone.'
        : 'Try again after the human stops typing.';
    throw new SwitchboardError('conflict', block.message, { hint, details: block });
  }

  /** Checks waiters of a pane again (coalesced); resolves those nothing blocks any more. */
  private recheck(paneId: string): void {
    const set = this.waiters.get(paneId);
    if (!set || set.size === 0 || this.closed) return;
    if (this.rechecking.has(paneId)) return;
    this.rechecking.add(paneId);
    void this.serially(paneId, async () => {
      const agent = this.deps.agentOfPane(paneId);
      for (const waiter of [...set]) {
        try {
          if (!(await this.evaluate(paneId, agent, waiter.origin))) {
            set.delete(waiter);
            waiter.resolve();
          }
        } catch (error) {
          set.delete(waiter);
          waiter.reject(error as Error);
        }
      }
    }).finally(() => {
      this.rechecking.delete(paneId);
      if (set.size === 0) {
        this.waiters.delete(paneId);
        this.recheckTimers.get(paneId)?.();
        this.recheckTimers.delete(paneId);
      } else if (!this.recheckTimers.has(paneId) && !this.closed) {
        this.recheckTimers.set(
          paneId,
          this.deps.clock.setTimeout(() => {
            this.recheckTimers.delete(paneId);
            this.recheck(paneId);
          }, WAITER_RECHECK_MS),
        );
      }
    });
  }

  private paneClosed(paneId: string): void {
    this.human.forget(paneId);
    const set = this.waiters.get(paneId);
    this.waiters.delete(paneId);
    for (const waiter of set ?? [])
      waiter.reject(new SwitchboardError('not_found', `Pane ${paneId} was closed`));
  }

  /** One write (or recheck) per pane at a time, so a check and the write it allows are not interleaved with another. */
  private serially<T>(paneId: string, work: () => Promise<T>): Promise<T> {
    return this.chains.run(paneId, work);
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.deps.clock.setTimeout(resolve, ms));
  }
}
