import { describe, expect, it } from 'vitest';
import { pythonAvailable, runPythonClient } from './python-harness';

describe.skipIf(!pythonAvailable)(
  "a script written for iTerm2's Python library, with the person played by the server's hooks",
  () => {
    it('status bar, its click, title provider, context menu, key-bound function, dialogs, unread count, keystroke filter', async () => {
      let sessionId = '';
      const seen = await runPythonClient('ecosystem_client.py', 'unix', async (server, python) => {
        const ready = await python.ready;
        sessionId = ready['session'] as string;
        expect(ready['registered']).toEqual([0, 0, 0, 0, 0]);
        expect(ready['unread']).toBeNull();
        const hooks = server.scripting;
        // Dialogs the script opened wait for the person: the alert first, then the text prompt.
        const alert = await hooks.nextDialog();
        expect(alert).toMatchObject({ kind: 'alert', title: 'Approve?', buttons: ['Approve', 'Later'] });
        alert.answer('Later');
        const prompt = await hooks.nextDialog();
        expect(prompt).toMatchObject({ kind: 'text', title: 'Message', defaultValue: 'hi' });
        prompt.answer('ship it');

        expect(await hooks.statusBar(sessionId)).toEqual([
          {
            identifier: 'com.switchboard.test.state',
            shortDescription: 'Agent state',
            value: `sb:review:${sessionId.slice(0, 8)}`,
            unreadCount: 3,
          },
        ]);
        expect(await hooks.clickStatusBarComponent(sessionId, 'com.switchboard.test.state')).toEqual({
          value: null,
        });
        expect(await hooks.sessionTitle(sessionId, 'com.switchboard.test.upper')).toEqual({
          value: expect.stringMatching(/^[^a-z]+$/),
        });
        expect(await hooks.sessionTitle(sessionId, 'com.example.absent')).toEqual({
          error: 'No title provider com.example.absent',
        });
        expect(await hooks.contextMenu(sessionId, 'com.switchboard.test.menu')).toEqual({ value: null });
        expect(await hooks.invokeKeyBinding(sessionId, 'on_key(n: 21)')).toEqual({
          value: { session: sessionId, double: 42 },
        });
        // Keys: Escape and F5 (without Shift) are filtered, Shift-F5 is not; Command chords go to menus.
        expect(server.press(sessionId, { key: 'Escape' })).toBe('');
        expect(server.press(sessionId, { key: 'c', modifiers: ['control'] })).toBe('\x03');
        expect(server.press(sessionId, { key: 'Up' })).toBe('\x1b[A');
        expect(server.press(sessionId, { key: 'F5' })).toBe('');
        expect(server.press(sessionId, { key: 'F5', modifiers: ['shift'] })).toBe('\x1b[15;2~');
        expect(server.press(sessionId, { key: 'k', modifiers: ['command'] })).toBe('');
        expect(server.press(sessionId, { key: 'Left', modifiers: ['option'] })).toBe('\x1b[1;3D');
        expect(server.press(sessionId, { key: '!' })).toBe('!');
        expect(() => server.press(sessionId, { key: 'Hyper' })).toThrow('unknown key "Hyper"');
        // Eight presses reached the script's monitor: it waits for their notifications before it stops reading.
        python.finish('8');
      });
      expect(seen['alert']).toBe(1001);
      expect(seen['text']).toBe('ship it');
      expect(seen['clicks']).toEqual([sessionId]);
      expect(seen['menu']).toEqual([sessionId]);
      // [keyCode, characters, charactersIgnoringModifiers, modifiers] (CONTROL 1, OPTION 2, COMMAND 3, SHIFT 4, FUNCTION 5, NUMPAD 6)
      expect(seen['keystrokes']).toEqual([
        [53, '\x1b', '\x1b', []],
        [8, '\x03', 'c', [1]],
        [126, '\uf700', '\uf700', [5, 6]],
        [96, '\uf708', '\uf708', [5]],
        [96, '\uf708', '\uf708', [4, 5]],
        [40, 'k', 'k', [3]],
        [123, '\uf702', '\uf702', [2, 5, 6]],
        [18, '!', '!', [4]],
      ]);
    });
  },
);
