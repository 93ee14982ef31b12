// The real Recorder following one agent (`agent-1`) in its pane, over a store of its own in the test's folder.
import { join } from 'node:path';
import type { Agent } from '@switchboard/protocol';
import { coreMigrations } from '../../src/core-migrations';
import { EventBus } from '../../src/events/event-bus';
import type { ScreenObserver } from '../../src/panes/screen-observer';
import type { ScreenSnapshot, TerminalBackend } from '../../src/ports/terminal-backend';
import { openStore } from '../../src/store/store';
import { Recorder } from '../../src/recordings/recorder';
import { RecordingRepository } from '../../src/recordings/recording-repository';
import {
  DEFAULT_RECORDING_OPTIONS,
  segmentBytesOf,
  type RecordingOptions,
} from '../../src/recordings/recording-options';
import type { FakeClock } from '../../src/testing/index';

export function oneAgentRecorder(
  dataDir: string,
  clock: FakeClock,
  observer: ScreenObserver,
  pane: { id: string; readScreen: TerminalBackend['readScreen'] },
  given: Partial<RecordingOptions>,
) {
  const store = openStore(join(dataDir, 'switchboard.db'), coreMigrations);
  const options = { ...DEFAULT_RECORDING_OPTIONS, ...given };
  const recorder = new Recorder({
    bus: new EventBus(clock),
    clock,
    observer,
    repository: new RecordingRepository(store, join(dataDir, 'recordings'), segmentBytesOf(options)),
    options,
    agents: () => [{ id: 'agent-1', paneId: pane.id } as Agent],
    readScreen: pane.readScreen,
  });
  return { store, recorder };
}

/** An observer that hands a test's screens to the recorder's one listener (`hand`), as the screen observer would. */
export function handingObserver() {
  let listener: ((screen: ScreenSnapshot) => void) | undefined;
  const observer = {
    observe(_paneId: string, heard: (screen: ScreenSnapshot) => void) {
      listener = heard;
      return { stop: () => (listener = undefined), ready: Promise.resolve() };
    },
  } as unknown as ScreenObserver;
  return { observer, hand: (screen: ScreenSnapshot) => listener?.(screen) };
}
