// The host's switch for how commits reach the disk: an fsync per commit by default (for now), group commit
// on request (SWITCHBOARD_COMMIT=group), anything else refused before the host starts.
import { describe, expect, it } from 'vitest';
import { COMMIT_ENV, storeOptionsFromEnv } from '../src/commit-switch';

describe(`${COMMIT_ENV}`, () => {
  it('groups commits with "group"', () => {
    expect(storeOptionsFromEnv({ [COMMIT_ENV]: 'Group' })).toEqual({});
  });

  it('gives every commit its own fsync when unset, empty or "each"', () => {
    expect(storeOptionsFromEnv({})).toEqual({ groupCommit: false });
    expect(storeOptionsFromEnv({ [COMMIT_ENV]: ' ' })).toEqual({ groupCommit: false });
    expect(storeOptionsFromEnv({ [COMMIT_ENV]: 'EACH' })).toEqual({ groupCommit: false });
  });

  it('refuses anything else, naming the values it takes', () => {
    expect(() => storeOptionsFromEnv({ [COMMIT_ENV]: 'never-sync' })).toThrow(
      'SWITCHBOARD_COMMIT must be "group" or "each", not "never-sync"',
    );
  });
});
