/** `X-iTerm2-Protocol-Version` as numbers; absent header = 0.0 (like the Python library). */
export interface ProtocolVersion {
  major: number;
  minor: number;
}

export function parseProtocolVersion(header: string | undefined): ProtocolVersion {
  const match = /^(\d+)\.(\d+)/.exec(header?.trim() ?? '');
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : { major: 0, minor: 0 };
}

/** The protocol version each optional feature needs (iterm2/capabilities.py and §13 of the spec). */
export const FEATURE_VERSIONS = {
  multiAssignmentProfileProperty: { major: 0, minor: 69 },
  selectPaneInDirection: { major: 1, minor: 0 },
  promptMonitorModes: { major: 1, minor: 1 },
  promptIds: { major: 1, minor: 5 },
  moveSession: { major: 1, minor: 11 },
  moveSessionToNewTab: { major: 1, minor: 13 },
  applyLayout: { major: 1, minor: 14 },
  applyLayoutNewSessions: { major: 1, minor: 16 },
  screenshot: { major: 1, minor: 17 },
} as const satisfies Record<string, ProtocolVersion>;

export type Feature = keyof typeof FEATURE_VERSIONS;

export function atLeast(version: ProtocolVersion, needed: ProtocolVersion): boolean {
  return version.major > needed.major || (version.major === needed.major && version.minor >= needed.minor);
}

export const formatVersion = (v: ProtocolVersion) => `${v.major}.${v.minor}`;
