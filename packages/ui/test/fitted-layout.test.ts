import { describe, expect, it } from 'vitest';
import { compactRoomAt, estimatedRoom, fitZoomOf, layoutFleet, layoutForFit } from '../src/index';
import { realFleet } from './real-fleet';

const fleets = new Map<string, ReturnType<typeof makeFleet>>();
/** `teams` teams of `size` agents each, made by a real core once per size (200 agents take seconds under load). */
const fleetOf = (teams: number, size: number) => {
  const key = `${teams}x${size}`;
  if (!fleets.has(key)) fleets.set(key, makeFleet(teams, size));
  return fleets.get(key)!;
};

function makeFleet(teams: number, size: number) {
  const names = Array.from({ length: teams }, (_, t) => `team-${t + 1}`);
  return realFleet({
    teams: names.map((name) => ({ name })),
    agents: names.flatMap((team) =>
      Array.from({ length: size }, (_, i) => ({ name: `${team}-${i + 1}`, team })),
    ),
  });
}

const SCREENS = [
  { width: 1280 - 32, height: 800 - 260 },
  { width: 1920 - 32, height: 1080 - 260 },
];

describe('layoutForFit: the auto-fitted chart is laid out once, for the zoom band its fit lands in', () => {
  for (const [teams, size] of [
    [3, 4],
    [6, 10],
    [10, 20],
  ] as const)
    for (const screen of SCREENS)
      it(
        `${teams * size} agents on ${screen.width}×${screen.height}: fitting the layout keeps its band; the guess is right`,
        { timeout: 30_000 },
        async () => {
          const { state } = await fleetOf(teams, size);
          const { layout, passes } = layoutForFit(state, screen, estimatedRoom(state, screen));
          expect(compactRoomAt(fitZoomOf(layout, screen))).toBe(layout.headerRoom ?? null);
          expect(passes).toBe(1);
        },
      );

  it('from a wrong guess (the full cards a page starts with) it lays out again before anything is shown', async () => {
    const { state } = await fleetOf(6, 10);
    const screen = SCREENS[0]!;
    const full = layoutFleet(state);
    // What the chart used to draw first: full cards, which its own fit puts into the compact view.
    expect(compactRoomAt(fitZoomOf(full, screen))).not.toBeNull();
    const { layout, passes } = layoutForFit(state, screen, null);
    expect(passes).toBe(2);
    expect(layout.headerRoom).toBe(compactRoomAt(fitZoomOf(layout, screen)));
  });
});
