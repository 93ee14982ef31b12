import { describe, expect, it } from 'vitest';
import { TOOLS_WAIT_ENV, WITHOUT_TOOLS_ENV, initialTasksFromEnv } from '../src/initial-tasks-env';

describe("the human's first-task policy from the host's environment", () => {
  it("leaves core's defaults when unset", () => {
    expect(initialTasksFromEnv({})).toEqual({});
  });

  it('reads the wait in seconds and the policy', () => {
    expect(initialTasksFromEnv({ [TOOLS_WAIT_ENV]: '90', [WITHOUT_TOOLS_ENV]: 'type' })).toEqual({
      mcpWaitMs: 90_000,
      whenToolsLate: 'type',
    });
  });

  it('refuses a bad value by name', () => {
    expect(() => initialTasksFromEnv({ [TOOLS_WAIT_ENV]: '0' })).toThrow(TOOLS_WAIT_ENV);
    expect(() => initialTasksFromEnv({ [TOOLS_WAIT_ENV]: '1.5' })).toThrow(TOOLS_WAIT_ENV);
    expect(() => initialTasksFromEnv({ [WITHOUT_TOOLS_ENV]: 'later' })).toThrow(WITHOUT_TOOLS_ENV);
  });
});
