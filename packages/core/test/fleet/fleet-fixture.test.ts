import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setupFleet } from './fleet-fixture';

// The fixture cleans up after the test that made the fleet: the orchestrator closed, its own data folder removed.
// The tests below run in order; the later ones look at what the earlier one left.
describe('setupFleet cleans up when its test ends', () => {
  let made: ReturnType<typeof setupFleet> | undefined;
  let closedInTest: ReturnType<typeof setupFleet> | undefined;
  const given = mkdtempSync(join(tmpdir(), 'sb-fleet-given-'));
  afterAll(() => rmSync(given, { recursive: true, force: true }));

  it('a fleet made in a test works during it', async () => {
    made = setupFleet();
    await made.call('team.create', { name: 'kept' });
    expect(existsSync(made.dataDir)).toBe(true);
    // Closed by the test itself: the fixture's close at the end must not close it a second time.
    closedInTest = setupFleet({ dataDir: given });
    await closedInTest.orchestrator.close();
  });

  it('after that test its orchestrator is closed and the data folder it made is gone', async () => {
    expect(made).toBeDefined();
    expect(existsSync(made!.dataDir)).toBe(false);
    await expect(made!.call('fleet.snapshot', {})).rejects.toThrow();
  });

  it('a data folder the test gave is kept', () => {
    expect(closedInTest?.dataDir).toBe(given);
    expect(existsSync(given)).toBe(true);
  });
});
