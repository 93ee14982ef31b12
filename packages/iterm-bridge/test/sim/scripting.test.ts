import { describe, expect, it } from 'vitest';
import { pythonAvailable, runPythonClient } from './python-harness';

const UNDEFINED_REFERENCE =
  'Reference to undefined variable "user.nothing". Change it to "user.nothing?" to treat the undefined value as null.';

describe.skipIf(!pythonAvailable)(
  "iTerm2's scripting ecosystem, driven by an independent Python client",
  () => {
    it('registered functions get defaults resolved like the variables API; variables change and are monitored', async () => {
      const out = await runPythonClient('scripting_client.py', 'unix');
      expect(out['registered']).toEqual([0, 0, 0]);
      const inSession = out['inSession'] as { function: string; args: Record<string, unknown> };
      const { session_id: sessionId, app_pid: appPid } = inSession.args;
      expect(inSession).toEqual({
        function: 'probe',
        args: {
          session_id: expect.stringMatching(/^[0-9A-F-]{36}$/),
          cols: 80,
          tab_title: expect.any(String),
          app_pid: process.pid,
          current: sessionId,
          missing: null,
        },
      });
      expect(appPid).toBe(process.pid);
      // An explicit argument wins over the default; an optional default may be given explicitly too.
      expect(out['explicitOverridesDefault']).toMatchObject({ args: { cols: 7, missing: 'given' } });
      // In a tab's context `id` is the tab's id, `currentSession.id` the active session's, `window.*` its window's.
      expect(out['inTab']).toEqual({
        function: 'tab_probe',
        args: { tab_id: out['tabId'], current: sessionId, window_number: 0 },
      });
      // A session's defaults (`columns`, `tab.title`) do not resolve in a tab: no registration is satisfied.
      expect(out['sessionDefaultsInTab']).toMatchObject({
        error: expect.stringContaining('No function registered'),
      });
      // A default without `?` that cannot be resolved: the registration is not satisfied.
      expect(out['strictUnset']).toMatchObject({ error: expect.stringContaining('No function registered') });
      expect(out['referenceUnset']).toEqual({ error: UNDEFINED_REFERENCE, status: 2 });
      expect(out['referenceOptional']).toMatchObject({ args: { missing: null } });
      expect(out['paths']).toEqual([sessionId, process.pid, 0, 0, -1, false]);
      expect(out['monitorStatuses']).toEqual([0, 0, 0, 0, 0, 0, 0]);
      expect(out['changes']).toEqual({
        columns: 39,
        terminalIconName: 'icon-1',
        terminalWindowName: 'window-2',
        autoName: 'icon-1',
        'user.phase': 'review',
        selection: 'SELECT',
      });
      expect(out['selectStatus']).toBe(0);
      expect(out['afterChanges']).toEqual(['icon-1', 'window-2', 'icon-1', 'SELECT', 6, 39]);
    });
  },
);

describe.skipIf(!pythonAvailable)(
  'profiles, colour presets and ClearScrollback, for an independent Python client',
  () => {
    it("accepts the keys iTerm2 accepts with its defaults, refuses others without a change, ships iTerm2's presets", async () => {
      const out = await runPythonClient('profile_client.py', 'tcp');
      expect(out['defaults']).toEqual({
        'Allow Title Setting': true,
        'Show Status Bar': false,
        Blend: 0.5,
        'Badge Text': '',
      });
      expect(out['setKnown']).toBe(0);
      // An unknown key or a wrong type: REQUEST_MALFORMED (2), and the valid assignment beside it is not applied.
      expect(out['setUnknown']).toBe(2);
      expect(out['setWrongType']).toBe(2);
      expect(out['after']).toEqual({
        'Allow Title Setting': false,
        'Show Status Bar': true,
        Blend: 0.25,
        'Badge Text': '',
      });
      expect(out['allKeysCount']).toBeGreaterThan(150);
      expect(out['presets']).toEqual(
        expect.arrayContaining([
          'Dark Background',
          'Solarized Dark',
          'Solarized Light',
          'Tango Dark',
          'Smoooooth',
        ]),
      );
      // Solarized Dark's base03 background, #002b36, as iTerm2 ships it.
      expect(out['solarizedBackground']).toEqual([0, 0.1686, 0.2118].map((v) => expect.closeTo(v, 2)));
      expect(out['solarizedKeys']).toBeGreaterThanOrEqual(20);
      expect(out['missingPreset']).toBe(1); // PRESET_NOT_FOUND
      const before = out['before'] as { first: number; count: number; endAt: number };
      const after = out['after_clear'] as {
        first: number;
        count: number;
        hasLine1: boolean;
        endAt: number | null;
      };
      expect(before.count).toBeGreaterThan(25);
      expect(after.hasLine1).toBe(false);
      expect(after.count).toBeLessThanOrEqual(25);
      expect(after.first).toBeGreaterThan(before.first);
      expect(after.endAt).toBe(before.endAt); // absolute line numbers do not shift
    });
  },
);
