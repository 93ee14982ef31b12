// The host's switch for the MCP endpoint's own answer to plain tool calls: on by default, off on request
// (SWITCHBOARD_MCP_DIRECT=off: every request through the SDK), anything else refused before the host starts.
import { describe, expect, it } from 'vitest';
import { MCP_DIRECT_ENV, directToolCallsFromEnv } from '../src/mcp-switch';

describe(`${MCP_DIRECT_ENV}`, () => {
  it('is on when unset, empty or "on"', () => {
    expect(directToolCallsFromEnv({})).toBe(true);
    expect(directToolCallsFromEnv({ [MCP_DIRECT_ENV]: ' ' })).toBe(true);
    expect(directToolCallsFromEnv({ [MCP_DIRECT_ENV]: 'On' })).toBe(true);
  });

  it('is off with "off"', () => {
    expect(directToolCallsFromEnv({ [MCP_DIRECT_ENV]: 'OFF' })).toBe(false);
  });

  it('refuses anything else, naming the values it takes', () => {
    expect(() => directToolCallsFromEnv({ [MCP_DIRECT_ENV]: 'sometimes' })).toThrow(
      'SWITCHBOARD_MCP_DIRECT must be "on" or "off", not "sometimes"',
    );
  });
});
