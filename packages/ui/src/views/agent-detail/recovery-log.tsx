import { isCommandName } from '@switchboard/protocol';

/**
 * The agent's recovery history. The contract has no `recovery.log` command yet (hang detection and the
 * recovery ladder are another issue's work); until it exists this says so rather than showing nothing.
 */
export function RecoveryLog() {
  const available = isCommandName('recovery.log');
  return (
    <section className="panel" aria-labelledby="recovery-heading">
      <h3 id="recovery-heading">Recovery log</h3>
      <p className="muted" data-testid="recovery-log">
        {available ? 'The host offers recovery.log, but this view does not read it yet.' : 'Not available: this host has no recovery log (recovery.log is not in the contract yet).'}
      </p>
    </section>
  );
}
