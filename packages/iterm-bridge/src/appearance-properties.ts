import type { PaneAppearance } from '@switchboard/core';
import { colorDict } from './color-dict';

/** The session-local profile properties an appearance sets (tab colour, badge), or undefined when none. */
export function profilePropertiesOf(appearance: PaneAppearance): Record<string, unknown> | undefined {
  const properties: Record<string, unknown> = {};
  if (appearance.tabColor === null) properties['Use Tab Color'] = false;
  else if (appearance.tabColor !== undefined)
    Object.assign(properties, { 'Tab Color': colorDict(appearance.tabColor), 'Use Tab Color': true });
  if (appearance.badge !== undefined) properties['Badge Text'] = appearance.badge;
  return Object.keys(properties).length > 0 ? properties : undefined;
}

/** OSC 1337 RequestAttention: `yes` bounces the dock icon until iTerm2 is active, `no` stops it. */
export const attentionSequence = (on: boolean) =>
  new TextEncoder().encode(`\x1b]1337;RequestAttention=${on ? 'yes' : 'no'}\x07`);
