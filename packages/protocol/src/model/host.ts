import { z } from 'zod';
import { Name, Timestamp } from './ids';

/** The name of the machine Switchboard runs on; a remote host may not take it. */
export const LOCAL_HOST = 'local';

/** A remote host's name: a Name (so never a `/`, which separates it from the pane in `HOST/%N`), not `local`. */
export const HostName = Name.refine((name) => name.toLowerCase() !== LOCAL_HOST, {
  message: `"${LOCAL_HOST}" names this machine; choose another name`,
});

const USER = '[A-Za-z0-9_][A-Za-z0-9._-]{0,31}';
const HOSTNAME =
  '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*';
const IPV6 = '\\[[0-9A-Fa-f:.]{2,45}\\]';
const SSH_URL = new RegExp(`^ssh://(${USER})@(${HOSTNAME}|${IPV6})(?::([0-9]{1,5}))?$`);

/** Where an `ssh://user@host[:port]` URL points; ssh's own config and agent supply everything else. */
export interface SshTarget {
  user: string;
  hostname: string;
  port: number;
}

/** Parses `ssh://user@host[:port]`; undefined for anything else (a password, a path, a query, an option-like part). */
export function parseSshUrl(url: string): SshTarget | undefined {
  const match = SSH_URL.exec(url);
  if (!match) return undefined;
  const port = match[3] === undefined ? 22 : Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  return { user: match[1]!, hostname: match[2]!.replace(/^\[|\]$/g, ''), port };
}

/** `ssh://user@host[:port]`: no password, path or query (keys stay in the user's ssh agent). */
export const SshUrl = z
  .string()
  .max(300, 'must be at most 300 characters')
  .refine((url) => parseSshUrl(url) !== undefined, {
    message:
      'must be ssh://user@host or ssh://user@host:port (user and host of letters, digits, ".", "-", "_"; port 1–65535; no password, path or query)',
  });

/** A machine agents can run on, reached over SSH (tmux in control mode there). */
export const Host = z.object({
  name: z.string(),
  url: z.string(),
  createdAt: Timestamp,
});
export type Host = z.infer<typeof Host>;
