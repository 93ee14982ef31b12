import { join } from 'node:path';
import { MAX_BUNDLE_BYTES } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { ScreenObserver } from '../panes/screen-observer';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';
import { FleetBundler, type FleetBundleDeps } from './fleet-bundle';
import { Recorder } from './recorder';
import { recordingHandlers } from './recording-handlers';
import { DEFAULT_RECORDING_OPTIONS, segmentBytesOf, type RecordingOptions } from './recording-options';
import { RecordingRepository } from './recording-repository';
import { RecordingService } from './recording-service';

export { recordingMigrations } from './recording-migrations';

export interface RecordingDomainDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  observer: ScreenObserver;
  /** Reads a pane with scrollback when lines scrolled past between two reads. */
  backend?: Pick<TerminalBackend, 'readScreen'>;
  /** Recordings go to `<dataDir>/recordings`, beside the database. */
  dataDir: string;
  fleet: FleetBundleDeps['fleet'];
  audit: FleetBundleDeps['audit'];
  messages: FleetBundleDeps['messages'];
  options?: Partial<RecordingOptions>;
  onError?: (error: unknown, agentId: string) => void;
  /** Where a chunk that cannot be read back is reported. */
  logger?: Logger;
}

/** Recordings of every managed pane (unless disabled) and the commands that read them. */
export function createRecordings(deps: RecordingDomainDeps) {
  const options = { ...DEFAULT_RECORDING_OPTIONS, ...deps.options };
  const repository = new RecordingRepository(
    deps.store,
    join(deps.dataDir, 'recordings'),
    segmentBytesOf(options),
    deps.logger,
  );
  repository.sweepOrphans();
  const recorder = options.enabled
    ? new Recorder({
        bus: deps.bus,
        clock: deps.clock,
        observer: deps.observer,
        repository,
        options,
        agents: () => deps.fleet.listAgents(),
        ...(deps.backend ? { readScreen: deps.backend.readScreen.bind(deps.backend) } : {}),
        ...(deps.onError ? { onError: deps.onError } : {}),
      })
    : undefined;
  const service = new RecordingService({
    clock: deps.clock,
    store: deps.store,
    repository,
    recorder,
    options,
    findAgent: (ref) => deps.fleet.findAgent(ref),
    namer: () => deps.fleet.namer(),
  });
  const bundler = new FleetBundler({
    clock: deps.clock,
    store: deps.store,
    audit: deps.audit,
    messages: deps.messages,
    repository,
    recorder,
    service,
    fleet: deps.fleet,
    maxBytes: Math.min(options.bundleBytes, MAX_BUNDLE_BYTES),
  });
  return {
    repository,
    recorder,
    service,
    handlers: recordingHandlers(service, bundler),
    close: () => recorder?.close(),
  };
}
