import { expect, it } from 'vitest';
import { createMemoryBackend } from '../../src/index';
import { loggedBackend } from '../../src/backends/logged-backend';
import { createMemoryLogger } from '../../src/ports/logger';

// The backends' emitters drop a listener's error: a core listener that threw on `pane.closed` left no trace.
it('a backend event listener that throws is logged with the event and pane, and the others still get it', async () => {
  const logger = createMemoryLogger();
  const backend = loggedBackend(createMemoryBackend(), logger);
  const seen: string[] = [];
  backend.onEvent((event) => {
    if (event.type === 'pane.closed') throw new Error('the fleet could not mark it closed');
  });
  backend.onEvent((event) => seen.push(event.type));
  const { id: paneId } = await backend.createPane({});
  await backend.closePane(paneId);
  expect(seen).toContain('pane.closed');
  const lines = logger.records.filter((r) => r.message === 'a listener threw');
  expect(lines).toMatchObject([{ level: 'error', component: 'backend', event: 'pane.closed', paneId }]);
  expect((lines[0]?.err as Error).message).toBe('the fleet could not mark it closed');
});
