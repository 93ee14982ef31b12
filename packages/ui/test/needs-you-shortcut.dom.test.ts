// `g` then a digit from anywhere: the org chart shows, and the focus lands on that item of "needs you". The
// chart may still be drawing when the digit comes (a switch from another view at load); the digit must pick
// the item once the lane is there, not go to the page and be lost.
import { afterEach, describe, expect, it } from 'vitest';
import { focusNeedsYou } from '../src/shell/needs-you-shortcut';

afterEach(() => document.body.replaceChildren());

/** The lane as the org chart draws it: `count` focusable items with their index. */
function drawLane(count: number): void {
  const list = document.createElement('ol');
  for (let i = 0; i < count; i++) {
    const item = document.createElement('li');
    item.tabIndex = -1;
    item.setAttribute('data-lane-index', String(i));
    list.append(item);
  }
  document.body.append(list);
}

const nextFrames = (n: number) =>
  new Promise<void>((resolve) => {
    const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  });

const press = (key: string, target: EventTarget = document.body) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));

const focusedIndex = () => document.activeElement?.getAttribute('data-lane-index');

describe('g, then a digit before the lane is drawn', () => {
  it('focuses the item the digit names once the lane is there', async () => {
    const views: string[] = [];
    focusNeedsYou((view) => views.push(view));
    press('3'); // before the chart has drawn the lane
    await nextFrames(2);
    drawLane(4);
    await nextFrames(2);
    expect(views).toEqual(['org']);
    expect(focusedIndex()).toBe('2');
  });

  it('the first item without a digit, the first when the digit is past the end, and digits after are the lane’s', async () => {
    focusNeedsYou(() => undefined);
    drawLane(2);
    await nextFrames(2);
    expect(focusedIndex()).toBe('0');
    document.body.replaceChildren();
    focusNeedsYou(() => undefined);
    press('9');
    drawLane(2);
    await nextFrames(2);
    expect(focusedIndex()).toBe('0');
    // Once the focus has landed the digit is no longer held: it reaches whoever listens.
    let heard = '';
    document.addEventListener('keydown', (event) => (heard = event.key), { once: true });
    press('2', document.activeElement!);
    expect(heard).toBe('2');
  });

  it('a digit typed into a text field meanwhile stays the field’s', async () => {
    const field = document.createElement('input');
    document.body.append(field);
    focusNeedsYou(() => undefined);
    expect(press('2', field)).toBe(true); // not prevented
    drawLane(3);
    await nextFrames(2);
    expect(focusedIndex()).toBe('0');
  });
});
