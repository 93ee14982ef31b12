import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { humanCaller } from '@switchboard/protocol';
import { WalSync, createMemoryBackend, createOrchestrator } from '../../src/index';

const STRESS = process.env['STRESS'] === '1';
const SENDERS = 20;
const ACKS = STRESS ? 2_000 : 200;

/**
 * What a power cut leaves: the disk holds what the last finished fsync put there. The fsync port takes
 * a copy of the database and its WAL when an fsync begins (everything committed so far, which is what
 * that fsync makes durable) and counts it as on disk once the real fdatasync has finished.
 */
function diskImages(databasePath: string, folder: string) {
  const wal = new WalSync(databasePath);
  const images = { taken: 0, lastOnDisk: undefined as string | undefined };
  const syncToDisk = async () => {
    const image = join(folder, `image-${images.taken++}`);
    mkdirSync(image);
    copyFileSync(databasePath, join(image, 'db.sqlite'));
    if (existsSync(`${databasePath}-wal`)) copyFileSync(`${databasePath}-wal`, join(image, 'db.sqlite-wal'));
    await wal.sync();
    images.lastOnDisk = image;
  };
  return { images, syncToDisk, close: () => wal.close() };
}

/** The message ids a database image holds once SQLite has recovered it (on a copy: recovery writes). */
function messagesIn(image: string): Set<string> {
  const copy = join(image, 'recovered');
  mkdirSync(copy);
  copyFileSync(join(image, 'db.sqlite'), join(copy, 'db.sqlite'));
  if (existsSync(join(image, 'db.sqlite-wal')))
    copyFileSync(join(image, 'db.sqlite-wal'), join(copy, 'db.sqlite-wal'));
  const db = new Database(join(copy, 'db.sqlite'));
  const ids = db.prepare<[], { id: string }>('SELECT id FROM messages').all();
  db.close();
  return new Set(ids.map((row) => row.id));
}

describe('group commit and a power cut', () => {
  it(
    `keeps every acknowledged send whenever the power is cut, ${SENDERS} senders at once, fewer fsyncs than sends`,
    { timeout: 120_000 },
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'sb-power-cut-'));
      const databasePath = join(folder, 'db.sqlite');
      const disk = diskImages(databasePath, folder);
      const orchestrator = createOrchestrator({
        databasePath,
        backend: createMemoryBackend(),
        messaging: { dedupeWindowMs: 0 },
        store: { syncToDisk: disk.syncToDisk },
      });
      const agents: string[] = [];
      for (let i = 0; i < SENDERS; i++)
        agents.push(
          ((await orchestrator.invoke(humanCaller, 'agent.spawn', { name: `agent-${i}` })) as { id: string })
            .id,
        );
      // Each acknowledgment with the disk as a power cut at that moment would leave it: the image of the
      // last fsync that had finished.
      const acknowledged: { id: string; disk: string | undefined }[] = [];
      const imagesBefore = disk.images.taken;
      await Promise.all(
        agents.map(async (agent, i) => {
          for (let n = 0; acknowledged.length < ACKS; n++) {
            // Sends arrive at random moments, also while an fsync runs.
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
            const { messageIds } = (await orchestrator.invoke(humanCaller, 'message.send', {
              kind: 'event',
              to: { agent },
              body: `from the human to ${i}, #${n}`,
              typeIntoPane: 'never',
            })) as { messageIds: string[] };
            for (const id of messageIds) acknowledged.push({ id, disk: disk.images.lastOnDisk });
          }
        }),
      );
      const fsyncs = disk.images.taken - imagesBefore;
      await orchestrator.close();
      await disk.close();

      expect(acknowledged.filter((ack) => ack.disk === undefined)).toEqual([]);
      const byImage = new Map<string, string[]>();
      for (const { id, disk: image } of acknowledged)
        byImage.set(image!, [...(byImage.get(image!) ?? []), id]);
      const lost: string[] = [];
      for (const [image, acks] of byImage) {
        const survived = messagesIn(image);
        lost.push(...acks.filter((id) => !survived.has(id)).map((id) => `${id} (${image})`));
      }
      expect(lost).toEqual([]);
      // Group commit: the senders' commits shared fsyncs.
      expect(fsyncs).toBeLessThan(acknowledged.length / 2);
    },
  );
});
