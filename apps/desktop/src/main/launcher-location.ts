import { join } from 'node:path';

/** Where electron-builder.yml's extraResources put the agents' launcher, under the app's Resources folder (outside the asar). */
export const PACKAGED_LAUNCHER = ['launcher', 'launch-agent.sh'] as const;

/**
 * The launcher script agent panes run (`/bin/sh <it> <launch file>`): in the packaged app its copy in
 * Resources (core's own path would point into app.asar, which /bin/sh cannot read); when run from the
 * repository, undefined: core's default, packages/core/launcher/launch-agent.sh.
 */
export function desktopLauncherPath(packaged: boolean, resourcesPath: string): string | undefined {
  return packaged ? join(resourcesPath, ...PACKAGED_LAUNCHER) : undefined;
}
