import type { BackendEvent } from '@switchboard/core';
import { EscapeScanner } from './escape-scanner';

const OUTPUT_COALESCE_MS = 15;

export interface PaneOutputDeps {
  emit(event: BackendEvent): void;
  /** Whether the pane is still one of ours (output of a pane closed meanwhile is dropped). */
  isKnown(paneId: string): boolean;
  /** An OSC 1337 SetUserVar the pane printed. */
  storeVariable(paneId: string, name: string, value: string): void;
}

/**
 * A pane's `%output` bytes: scanned for OSC 133 prompt marks, custom escapes and user variables (each
 * pane keeps its own scanner, so an escape split across chunks is still found), then one coalesced
 * `pane.output` event per burst.
 */
export class PaneOutput {
  private readonly scanners = new Map<string, EscapeScanner>();
  private readonly pending = new Set<string>();

  constructor(private readonly deps: PaneOutputDeps) {}

  feed(paneId: string, bytes: Uint8Array): void {
    const { emit } = this.deps;
    let scanner = this.scanners.get(paneId);
    if (!scanner) this.scanners.set(paneId, (scanner = new EscapeScanner()));
    for (const escape of scanner.scan(bytes)) {
      if (escape.kind === 'prompt')
        emit({
          type: 'pane.prompt',
          paneId,
          phase: escape.phase,
          ...(escape.exitStatus === undefined ? {} : { exitStatus: escape.exitStatus }),
        });
      else if (escape.kind === 'custom')
        emit({ type: 'pane.escape', paneId, identity: escape.identity, payload: escape.payload });
      else this.deps.storeVariable(paneId, escape.name, escape.value);
    }
    if (this.pending.has(paneId)) return;
    this.pending.add(paneId);
    setTimeout(() => {
      this.pending.delete(paneId);
      if (this.deps.isKnown(paneId)) emit({ type: 'pane.output', paneId });
    }, OUTPUT_COALESCE_MS);
  }

  /** The pane closed or restarted: a half-read escape from before is dropped. */
  forget(paneId: string): void {
    this.scanners.delete(paneId);
  }
}
