import { useEffect, useState } from 'react';
import type { RecordedFrame, RecordedScreen, TimelineEvent } from '@switchboard/protocol';
import { useFleet } from '../store-context';
import { screensOf } from '../search/search-model';

/** The most frames a lane loads (5 pages); a longer recording replays its oldest part and says so. */
const MAX_FRAMES = 25_000;

export interface Lane {
  agentId: string;
  frames: RecordedFrame[];
  screens: RecordedScreen[];
  /** The recording holds more than MAX_FRAMES: the replay stops early. */
  cut: boolean;
  droppedUntil: string | null;
  /** Spans whose stored frames could not be read back (a damaged or removed chunk), oldest first. */
  unreadable: Hole[];
}

/** A span of the recording with no frames because its chunk could not be read (ms). */
export interface Hole {
  from: number;
  to: number;
}

export interface ReplayData {
  lanes: Lane[];
  events: TimelineEvent[];
  /** The timeline held more events than one answer carries. */
  moreEvents: boolean;
  loading: boolean;
  problem: string | null;
}

/** Loads each chosen agent's whole kept recording, and the fleet's events for them over the same span. */
export function useReplayData(agentIds: readonly string[]): ReplayData {
  const client = useFleet((s) => s.client);
  const key = agentIds.join(',');
  const [data, setData] = useState<ReplayData>({
    lanes: [],
    events: [],
    moreEvents: false,
    loading: false,
    problem: null,
  });
  useEffect(() => {
    const ids = key ? key.split(',') : [];
    if (ids.length === 0) {
      setData({ lanes: [], events: [], moreEvents: false, loading: false, problem: null });
      return;
    }
    let live = true;
    setData((before) => ({ ...before, loading: true, problem: null }));
    const loadLane = async (agentId: string): Promise<Lane> => {
      const frames: RecordedFrame[] = [];
      const holes = new Map<string, Hole>();
      let from: string | undefined;
      for (;;) {
        const page = await client.call('recording.frames', {
          agent: agentId,
          limit: 5_000,
          ...(from ? { from } : {}),
        });
        // A later page starts with the screen at its first moment (full): it continues the same screens.
        frames.push(...page.frames);
        for (const hole of page.unreadable ?? [])
          holes.set(`${hole.from} ${hole.to}`, { from: Date.parse(hole.from), to: Date.parse(hole.to) });
        if (!page.more || frames.length >= MAX_FRAMES || page.frames.length === 0) {
          return {
            agentId,
            frames,
            screens: screensOf(frames),
            cut: page.more,
            droppedUntil: page.droppedUntil,
            unreadable: [...holes.values()].sort((a, b) => a.from - b.from),
          };
        }
        from = new Date(page.frames.at(-1)!.at + 1).toISOString();
      }
    };
    Promise.all(ids.map(loadLane))
      .then(async (lanes) => {
        const timeline = await client.call('recording.timeline', { agents: ids, limit: 5_000 });
        if (live)
          setData({
            lanes,
            events: timeline.events,
            moreEvents: timeline.more,
            loading: false,
            problem: null,
          });
      })
      .catch((error: unknown) => {
        if (live)
          setData((before) => ({
            ...before,
            loading: false,
            problem: error instanceof Error ? error.message : String(error),
          }));
      });
    return () => void (live = false);
  }, [client, key]);
  return data;
}
