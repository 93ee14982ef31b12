import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';

/** Running steps' deadlines: one Clock timer per step; a failing timeout handler is logged, never thrown. */
export class StepTimers {
  private readonly timers = new Map<string, () => void>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Calls `onDue` at `dueAt` (epoch ms), replacing the step's earlier timer. */
  arm(planId: string, stepId: string, dueAt: number, onDue: () => void): void {
    const key = `${planId}/${stepId}`;
    this.timers.get(key)?.();
    this.timers.set(
      key,
      this.clock.setTimeout(
        () => {
          this.timers.delete(key);
          try {
            onDue();
          } catch (error) {
            this.logger.log('error', 'a plan step timeout failed', {
              component: 'plans',
              planId,
              stepId,
              err: error,
            });
          }
        },
        Math.max(0, dueAt - this.clock.now()),
      ),
    );
  }

  cancel(planId: string, stepId: string): void {
    const key = `${planId}/${stepId}`;
    this.timers.get(key)?.();
    this.timers.delete(key);
  }

  stop(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }
}
