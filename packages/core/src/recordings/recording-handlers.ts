import type { HandlerMap } from '../dispatch/handler';
import type { FleetBundler } from './fleet-bundle';
import type { RecordingService } from './recording-service';

export function recordingHandlers(
  service: RecordingService,
  bundler: FleetBundler,
): HandlerMap<
  'recording.list' | 'recording.frames' | 'recording.timeline' | 'recording.export' | 'recording.bundle'
> {
  return {
    'recording.list': (input) => service.list(input),
    'recording.frames': (input) => service.frames(input),
    'recording.timeline': (input) => service.timeline(input),
    'recording.export': (input) => service.export(input),
    'recording.bundle': (input) => bundler.bundle(input),
  };
}
