// A pane's output is whatever its program prints (an agent's, or a file it cats): shell-integration marks
// (OSC 133) in a loop must not grow the host or hold its event loop (session 26).
import { describe, expect, it } from 'vitest';
import { NotificationType, PromptMonitorMode } from '../../src/gen/api_pb';
import { newWindow, sub } from './helpers';
import { inject as injectInto, simClient } from './pane-output';
import { eventually } from './raw-client';

const STRESS = process.env['STRESS'] === '1';
/** Marks printed in a loop: 1,800,000 bytes of output in `npm test`, 9 MB under STRESS. */
const MARKS = STRESS ? 1_000_000 : 200_000;
/** Lines the session holds at most: the profile's 1,000 lines of scrollback and its 25 rows. */
const LINES_HELD = 1_000 + 25;

const sim = simClient();
const inject = (session: string, text: string) => injectInto(sim.client, session, text);
const promptIds = async (session: string) =>
  sub(await sim.client.request({ case: 'listPromptsRequest', value: { session } }), 'listPromptsResponse')
    .uniquePromptId;
const lastPrompt = async (session: string) =>
  sub(await sim.client.request({ case: 'getPromptRequest', value: { session } }), 'getPromptResponse');

describe('OSC 133 marks from a pane', () => {
  it(`keeps no more prompts than lines it holds, however many marks come (${MARKS.toLocaleString('en')}); a real prompt still reads`, async () => {
    const { sessionId } = await newWindow(sim.client);
    const chunk = 50_000;
    for (let sent = 0; sent < MARKS; sent += chunk) await inject(sessionId, '\x1b]133;A\x07'.repeat(chunk));
    // Before: every mark was kept for the session's life (one id each here; ~600 bytes of heap each).
    expect((await promptIds(sessionId)).length).toBeLessThanOrEqual(LINES_HELD * 1.25);
    // Marks on lines of their own (up and down between them) are bounded the same way.
    await inject(sessionId, '\x1b]133;A\x07\r\n\x1b[A'.repeat(5_000));
    expect((await promptIds(sessionId)).length).toBeLessThanOrEqual(LINES_HELD * 1.25);

    await inject(sessionId, '\r\n\x1b]133;A\x07$ \x1b]133;B\x07make\x1b]133;C\x07\r\nok\r\n\x1b]133;D;2\x07');
    expect(await lastPrompt(sessionId)).toMatchObject({ status: 0, command: 'make', exitStatus: 2 });
    expect((await promptIds(sessionId)).at(-1)).toBe((await lastPrompt(sessionId)).uniquePromptId);
  });

  it('forgets a prompt once its line has left the scrollback', async () => {
    const { sessionId } = await newWindow(sim.client);
    await inject(sessionId, '\x1b]133;A\x07$ \x1b]133;B\x07ls\x1b]133;C\x07\r\n\x1b]133;D;0\x07');
    const [first] = await promptIds(sessionId);
    await inject(sessionId, 'line\r\n'.repeat(LINES_HELD + 10));
    await inject(sessionId, '\x1b]133;A\x07$ ');
    const ids = await promptIds(sessionId);
    expect(ids).toHaveLength(1);
    expect(ids).not.toContain(first);
  });

  it('reads a command once: a repeated OSC 133;C neither reads the scrollback again nor starts the command again', async () => {
    const { sessionId } = await newWindow(sim.client);
    expect(
      sub(
        await sim.client.request({
          case: 'notificationRequest',
          value: {
            session: sessionId,
            subscribe: true,
            notificationType: NotificationType.NOTIFY_ON_PROMPT,
            arguments: {
              case: 'promptMonitorRequest',
              value: { modes: [PromptMonitorMode.COMMAND_START] },
            },
          },
        }),
        'notificationResponse',
      ).status,
    ).toBe(0);
    await inject(sessionId, '\x1b]133;A\x07$ \x1b]133;B\x07');
    await inject(sessionId, `${'y'.repeat(78)}\r\n`.repeat(LINES_HELD));
    // Before: each C read the ~80 KB from the prompt's end to the cursor again and sent it to every
    // subscriber (1,000 of them, 9 KB of output, held the server's event loop 1.8 s).
    await inject(sessionId, '\x1b]133;C\x07'.repeat(200));
    await inject(sessionId, '\x1b]133;D;0\x07');
    const starts = () =>
      sim.client.notifications().filter((n) => n.promptNotification?.event.case === 'commandStart');
    await eventually(() => starts().length >= 1);
    await inject(sessionId, '\x1b]133;A\x07');
    expect(starts()).toHaveLength(1);
  });
});
