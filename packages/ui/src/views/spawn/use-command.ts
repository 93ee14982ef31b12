import { useCallback, useState } from 'react';
import { SwitchboardError } from '@switchboard/protocol';
import type { Client } from '@switchboard/protocol';
import { useFleet } from '../store-context';

export interface CommandState {
  busy: boolean;
  /** The host's reason for the last refusal, if the last run failed. */
  problem: string | null;
  /** Runs `work` with the client; resolves to its result, or undefined when it failed (the reason is in `problem`). */
  run<T>(work: (client: Client) => Promise<T>): Promise<T | undefined>;
}

/** Busy and error state for one form's commands, shown next to the form rather than in the app banner. */
export function useCommand(): CommandState {
  const client = useFleet((s) => s.client);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = useCallback(
    async <T>(work: (client: Client) => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      setProblem(null);
      try {
        return await work(client);
      } catch (error) {
        setProblem(error instanceof SwitchboardError ? error.message : String(error));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [client],
  );
  return { busy, problem, run };
}

/** Splits an arguments field into words: spaces separate, double or single quotes keep spaces inside one word. */
export function splitArguments(text: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text))
    words.push(match[1] ?? match[2] ?? match[3] ?? '');
  return words.filter((word) => word.length > 0);
}
