import { openSync, closeSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, specHost, test } from './host-fixture';
import { screenshotPath } from './screenshots';

test.use({ viewport: { width: 1280, height: 900 } });

const { host, api } = specHost('--backend', 'sim');

interface Chunk {
  file: string;
  byte_offset: number;
}

/** The agent's stored recording chunks, oldest first (read from the host's database, as a person's disk holds it). */
function chunksOf(agentId: string): Chunk[] {
  const db = new Database(join(host.dataDir, 'switchboard.db'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare<[string], Chunk>(
        'SELECT file, byte_offset FROM recording_chunks WHERE agent_id = ? ORDER BY started_ms, id',
      )
      .all(agentId);
  } finally {
    db.close();
  }
}

test('replay: a recording chunk damaged on disk shows as a hatched band on the timeline ("could not be read: N s missing"), never as a quiet pane; light and dark', async ({
  page,
}) => {
  const agent = await api.call('agent.spawn', { name: 'rec-1', kind: 'shell', role: 'builder' });
  // Three stored chunks (a chunk is written 5 s after its first frame): before, the one damaged below, after.
  // The middle one spans two seconds (two lines written 2 s apart), so a moment inside it can be chosen.
  const commands = [
    'echo "before the hole"',
    'echo "lost words"; sleep 2; echo "still lost"',
    'echo "after the hole"',
  ];
  for (const [i, text] of commands.entries()) {
    await api.call('pane.send', { targets: ['rec-1'], text });
    await expect.poll(() => chunksOf(agent.id).length, { timeout: 30_000 }).toBeGreaterThan(i);
  }
  // A gzip header's first bytes, then no deflate stream: the chunk cannot be read back.
  const damaged = chunksOf(agent.id)[1]!;
  const fd = openSync(join(host.dataDir, 'recordings', damaged.file), 'r+');
  writeSync(
    fd,
    Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(30, 0xa5)]),
    0,
    34,
    damaged.byte_offset,
  );
  closeSync(fd);

  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  await page.getByRole('combobox', { name: 'Agent' }).selectOption({ label: 'rec-1' });
  const lane = page.locator('.replay-lane[data-agent="rec-1"]');
  await expect(lane).toBeVisible({ timeout: 15_000 });
  const band = page.getByTestId('replay-unreadable');
  await expect(band).toHaveCount(1);
  await expect(band).toHaveAttribute('title', /could not be read: (\d+|under 1) s missing$/);
  expect((await band.boundingBox())!.width).toBeGreaterThanOrEqual(3);
  await expect(lane.locator('figcaption')).toContainText('1 part could not be read');
  // At a moment inside the hole, the caption says so (the screen shown is the last one before it).
  const { unreadable } = await api.call('recording.frames', { agent: 'rec-1', limit: 5_000 });
  expect(unreadable).toHaveLength(1);
  const middle = (Date.parse(unreadable![0]!.from) + Date.parse(unreadable![0]!.to)) / 2;
  await page.getByRole('slider', { name: 'Replay position' }).fill(String(Math.round(middle)));
  await expect(lane.locator('figcaption')).toContainText(/could not be read: (\d+|under 1) s missing here/);
  await expect(lane.getByTestId('replay-screen-text')).toContainText('before the hole');
  await expect(lane.getByTestId('replay-screen-text')).not.toContainText('lost words');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: screenshotPath(`replay-unreadable-${scheme}.png`) });
  }
});
