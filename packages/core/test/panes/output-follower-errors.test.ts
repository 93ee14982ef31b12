import { expect, it } from 'vitest';
import { createMemoryBackend } from '../../src/index';
import { OutputTracker } from '../../src/panes/output-tracker';
import { ScreenObserver } from '../../src/panes/screen-observer';
import { createMemoryLogger } from '../../src/ports/logger';
import { FakeClock } from '../../src/testing/index';
import { settle } from '../support/world';

// A follower (a watch, a wait) that threw was caught with no line: the watch simply stopped matching.
it('an output follower that throws is logged with its pane, and the other followers still get the lines', async () => {
  const backend = createMemoryBackend();
  const clock = new FakeClock();
  const logger = createMemoryLogger();
  const observer = new ScreenObserver({ backend, clock });
  const tracker = new OutputTracker(observer, logger);
  const { id: paneId } = await backend.createPane({});
  const seen: string[] = [];
  const failing = tracker.follow(paneId, () => {
    throw new Error('watch pattern blew up');
  });
  const other = tracker.follow(paneId, (lines) => seen.push(...lines));
  await Promise.all([failing.ready, other.ready]);
  await backend.sendText(paneId, 'build finished\r\n');
  for (let i = 0; i < 50 && seen.length === 0; i++) {
    await settle();
    clock.advance(100);
  }
  tracker.close();
  observer.close();
  expect(seen.join('\n')).toContain('build finished');
  expect(logger.records).toMatchObject([
    { level: 'error', component: 'panes', event: 'output', paneId, message: 'a listener threw' },
  ]);
});
