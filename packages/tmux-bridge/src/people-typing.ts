import type { BackendEvent } from '@switchboard/core';

export interface PeopleTypingDeps {
  /** `list-clients` of the session with this format, one line per client. */
  listClients(format: string): Promise<string[]>;
  emit(event: BackendEvent): void;
  isKnown(paneId: string): boolean;
}

/**
 * "Take control" for tmux: the session's activity time moved (`%subscription-changed`, at most once a
 * second). The clients attached by a person (not control mode) whose own activity is that time, and
 * is not just their attaching, pressed a key: their active pane gets `pane.keystroke`. Keys a person
 * types into tmux itself (prefix, copy mode) count too; the first value after attaching is only noted.
 */
export class PeopleTyping {
  /** The session's last activity time tmux reported (seconds). */
  private last: string | undefined;

  constructor(private readonly deps: PeopleTypingDeps) {}

  /** A new control client subscribed: its first report is only noted. */
  reset(): void {
    this.last = undefined;
  }

  async activity(activity: string): Promise<void> {
    const previous = this.last;
    this.last = activity;
    if (previous === undefined || activity === previous) return;
    const clients = await this.deps.listClients(
      '#{client_control_mode}\t#{client_activity}\t#{client_created}\t#{pane_id}',
    );
    for (const line of clients) {
      const [control, clientActivity, created, paneId] = line.split('\t');
      if (
        control !== '0' ||
        clientActivity !== activity ||
        clientActivity === created ||
        !paneId ||
        !this.deps.isKnown(paneId)
      )
        continue;
      this.deps.emit({ type: 'pane.keystroke', paneId });
    }
  }
}
