import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type AttentionItem } from '@switchboard/protocol';
import { createOrchestrator, type Orchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { scriptedBackend } from '../health/scripted-backend';

// attention.list pages newest first with `before` (the UI's attention centre loads its history page by page).
describe('attention.list pages through the history', () => {
  const open: Orchestrator[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) await o.close();
  });

  async function raised(count: number) {
    const clock = new FakeClock();
    const orchestrator = createOrchestrator({
      databasePath: ':memory:',
      backend: scriptedBackend().backend,
      clock,
    });
    open.push(orchestrator);
    for (let i = 0; i < count; i++) {
      // Three at each instant: the page boundary falls between items created in the same millisecond.
      if (i % 3 === 0) clock.advance(1000);
      orchestrator.attention.notify({
        kind: 'error',
        severity: 'critical',
        agentId: `made-up-${i}`,
        title: `item ${i}`,
        body: 'b',
        approvalId: null,
      });
    }
    const list = async (input: object) =>
      ((await orchestrator.invoke(humanCaller, 'attention.list', input)) as { items: AttentionItem[] }).items;
    return { orchestrator, list };
  }

  async function pages(list: (input: object) => Promise<AttentionItem[]>, input: object, limit: number) {
    const all: AttentionItem[] = [];
    let page = await list({ ...input, limit });
    // Bounded: a page mark that were ignored would give the same page forever.
    for (let n = 0; page.length > 0 && n < 50; n++) {
      all.push(...page);
      page = await list({ ...input, limit, before: page.at(-1)!.id });
    }
    return all.map((i) => i.title);
  }

  it('page after page gives every item once, newest first, as one long list does; open-only pages skip closed ones', async () => {
    const { orchestrator, list } = await raised(25);
    const everything = (await list({ includeClosed: true, limit: 1000 })).map((i) => i.title);
    expect(everything).toHaveLength(25);
    expect(everything[0]).toBe('item 24');
    expect(await pages(list, { includeClosed: true }, 4)).toEqual(everything);

    const closing = (await list({ limit: 1000 })).filter((_, index) => index % 2 === 0).map((i) => i.id);
    await orchestrator.invoke(humanCaller, 'attention.dismiss', { ids: closing });
    const stillOpen = (await list({ limit: 1000 })).map((i) => i.title);
    expect(stillOpen).toHaveLength(12);
    expect(await pages(list, {}, 5)).toEqual(stillOpen);
    expect(await pages(list, { includeClosed: true }, 7)).toEqual(everything);
  });

  it('an unknown or malformed page mark is a clear error', async () => {
    const { list } = await raised(2);
    await expect(list({ before: 'no-such-item' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(list({ before: '' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(list({ before: 'x'.repeat(100_000) })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
