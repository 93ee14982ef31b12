import { describe, expect, it } from 'vitest';
import { COMMIT_ENV, storeOptionsFromEnv } from '../src/commit-switch';
import { initialTasksFromEnv, TOOLS_WAIT_ENV, WITHOUT_TOOLS_ENV } from '../src/initial-tasks-env';
import { directToolCallsFromEnv, MCP_DIRECT_ENV } from '../src/mcp-switch';
import { RECORDINGS_ENV, recordingSwitchFromEnv } from '../src/recording-switch';

/** Every host setting that is one of a few words reads them one way: any case, a typo refused with the words. */
const SWITCHES: [name: string, read: (env: NodeJS.ProcessEnv) => unknown, words: string][] = [
  [RECORDINGS_ENV, recordingSwitchFromEnv, '"on", "off" or "styles"'],
  [MCP_DIRECT_ENV, directToolCallsFromEnv, '"on" or "off"'],
  [COMMIT_ENV, storeOptionsFromEnv, '"group" or "each"'],
  [WITHOUT_TOOLS_ENV, initialTasksFromEnv, '"hold" or "type"'],
];

describe('host settings from the environment', () => {
  it.each(SWITCHES)('%s takes its words in any case and refuses a typo the same way', (name, read, words) => {
    const first = words.split('"')[1]!;
    expect(read({ [name]: ` ${first.toUpperCase()} ` })).toEqual(read({ [name]: first }));
    expect(() => read({ [name]: 'toString' })).toThrow(`${name} must be ${words}, not "tostring"`);
  });

  it('the first-task policy is one of them (it took only lower case, and said so without quotes)', () => {
    expect(initialTasksFromEnv({ [WITHOUT_TOOLS_ENV]: 'Type' })).toEqual({ whenToolsLate: 'type' });
    expect(initialTasksFromEnv({ [TOOLS_WAIT_ENV]: '90' })).toEqual({ mcpWaitMs: 90_000 });
    expect(() => initialTasksFromEnv({ [TOOLS_WAIT_ENV]: '3601' })).toThrow(
      `${TOOLS_WAIT_ENV} must be a whole number of seconds from 1 to 3600, not "3601"`,
    );
  });
});
