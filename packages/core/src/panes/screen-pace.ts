/** How a busy pane is read: slower while output flows, at once when it pauses. */
export interface ScreenPace {
  /** A pane whose changes have come without a pause of `busyGapMs` for this long is busy (ms). */
  busyAfterMs: number;
  /** A pause this long ends a busy run (ms). */
  busyGapMs: number;
  /** The interval of a busy pane whose consumers all accept it (ms). */
  busyIntervalMs: number;
  /**
   * A busy pane's last change is read once nothing followed it for this long, however far the busy pace
   * puts the next read: a question printed after a long build is seen at once (ms).
   */
  quietMs: number;
  /**
   * Busy-pace reads land on multiples of this (ms of the clock; 0 = anywhere), so the reads of many busy
   * panes go out in the same turn and their answers come back together: a read issued alone costs the host
   * about twice as much (a wake-up of its own for the answer) as one of ten issued at once.
   */
  busyGridMs: number;
  /**
   * Busy-pace reads are `patient` (`ReadScreenOptions.patient`): their answers may wait in the backend's
   * connection with the notifications of its read-coalescing window. Otherwise every read in flight (about
   * 250 a second at 200 printing panes) made the iTerm2 client read every frame as it came until the answer
   * was in. A quiet read (the pause after the output: a question) and every other read are not patient.
   * Off by default: in the lead's quiet run (session 15, 200 printing agents, both hosts restarted in one run)
   * the patient host took 10.6 % of a core against 8.9 % without (1.19x); a loaded run agreed (1.17x), one
   * disagreed (0.88x). Kept as an option, and as a leg of bench/host-cpu, until a run shows it pays.
   */
  patientBusyReads: boolean;
}

export const DEFAULT_SCREEN_PACE: ScreenPace = {
  busyAfterMs: 2_000,
  busyGapMs: 1_000,
  busyIntervalMs: 1_000,
  quietMs: 300,
  busyGridMs: 100,
  patientBusyReads: false,
};
