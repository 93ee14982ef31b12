// The host's switch for how commits reach the disk: group commit by default, an fsync per commit on
// request (SWITCHBOARD_COMMIT=each), anything else refused before the host starts.
import { describe, expect, it } from 'vitest';
import { COMMIT_ENV, storeOptionsFromEnv } from '../src/commit-switch';

describe(`${COMMIT_ENV}`, () => {
  it('groups commits when unset, empty or "group"', () => {
    expect(storeOptionsFromEnv({})).toEqual({});
    expect(storeOptionsFromEnv({ [COMMIT_ENV]: ' ' })).toEqual({});
    expect(storeOptionsFromEnv({ [COMMIT_ENV]: 'Group' })).toEqual({});
  });

  it('gives every commit its own fsync with "each"', () => {
    expect(storeOptionsFromEnv({ [COMMIT_ENV]: 'EACH' })).toEqual({ groupCommit: false });
  });

  it('refuses anything else, naming the values it takes', () => {
    expect(() => storeOptionsFromEnv({ [COMMIT_ENV]: 'never-sync' })).toThrow(
      'SWITCHBOARD_COMMIT must be "group" or "each", not "never-sync"',
    );
  });
});
