import { useEffect, useMemo, useState } from 'react';
import type { CommandOutput } from '@switchboard/protocol';
import { useFleet, useShell } from '../store-context';
import { download, frameAt, screensOf } from './search-model';
import { ProblemAlert } from '../problem-alert';

/** What a moment panel shows around: 30 s before the hit to 30 s after. */
const AROUND_MS = 30_000;

/**
 * The agent's recorded screen at a moment (a search hit), with the frames around it to step through,
 * and the agent's whole recording to export as text or asciicast.
 */
export function RecordingMoment({
  agentId,
  agentName,
  at,
  onClose,
}: {
  agentId: string;
  agentName: string;
  at: number;
  onClose(): void;
}) {
  const client = useFleet((s) => s.client);
  const openReplay = useShell((s) => s.openReplay);
  const [frames, setFrames] = useState<CommandOutput<'recording.frames'> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  useEffect(() => {
    let live = true;
    setFrames(null);
    const range = {
      from: new Date(at - AROUND_MS).toISOString(),
      to: new Date(at + AROUND_MS).toISOString(),
    };
    client.call('recording.frames', { agent: agentId, ...range, limit: 2000 }).then(
      (answer) => {
        if (!live) return;
        setFrames(answer);
        setIndex(frameAt(answer.frames, at));
      },
      (error: unknown) => live && setProblem(error instanceof Error ? error.message : String(error)),
    );
    return () => void (live = false);
  }, [client, agentId, at]);
  const screens = useMemo(() => screensOf(frames?.frames ?? []), [frames]);
  const screen = screens[index];
  const frame = frames?.frames[index];

  const exportAs = async (format: 'text' | 'asciicast') => {
    try {
      const exported = await client.call('recording.export', { agent: agentId, format });
      download(
        exported.fileName,
        exported.content,
        format === 'text' ? 'text/plain' : 'application/x-asciicast',
      );
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section className="recording-moment" aria-labelledby="moment-title">
      <div className="recording-moment-head">
        <h3 id="moment-title">{agentName}'s screen</h3>
        <button type="button" onClick={onClose} aria-label="Close the recorded screen">
          Close
        </button>
      </div>
      <ProblemAlert problem={problem} />
      {!frames ? (
        <p className="muted">Loading the recording…</p>
      ) : !screen || !frame ? (
        <p className="muted">
          Nothing recorded around this moment
          {frames.droppedUntil
            ? ` (frames before ${new Date(frames.droppedUntil).toLocaleString()} were dropped)`
            : ''}
          .
        </p>
      ) : (
        <>
          <div className="recording-moment-steps">
            <button type="button" disabled={index === 0} onClick={() => setIndex(index - 1)}>
              Earlier
            </button>
            <span data-testid="moment-time">
              {new Date(frame.at).toLocaleTimeString()} · frame {index + 1} of {screens.length}
            </span>
            <button type="button" disabled={index >= screens.length - 1} onClick={() => setIndex(index + 1)}>
              Later
            </button>
          </div>
          <pre
            className="recording-screen"
            data-testid="recorded-screen"
            aria-label={`${agentName}'s screen at ${new Date(frame.at).toLocaleTimeString()}`}
          >
            {screen.lines.join('\n')}
          </pre>
        </>
      )}
      <div className="recording-moment-export">
        <button type="button" onClick={() => openReplay(agentId, frame?.at ?? at)}>
          Replay from here
        </button>
        <span className="muted">Export the recording:</span>
        <button type="button" onClick={() => void exportAs('text')}>
          Text
        </button>
        <button type="button" onClick={() => void exportAs('asciicast')}>
          asciicast
        </button>
      </div>
    </section>
  );
}
