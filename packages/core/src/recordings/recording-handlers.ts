import type { HandlerMap } from '../dispatch/handler';
import type { RecordingService } from './recording-service';

export function recordingHandlers(
  service: RecordingService,
): HandlerMap<'recording.list' | 'recording.frames' | 'recording.timeline' | 'recording.export'> {
  return {
    'recording.list': (input) => service.list(input),
    'recording.frames': (input) => service.frames(input),
    'recording.timeline': (input) => service.timeline(input),
    'recording.export': (input) => service.export(input),
  };
}
