import { randomBytes, randomUUID } from 'node:crypto';

/** The parsed HTTP upgrade request (header names lower-cased, as iTerm2 matches them). */
export interface UpgradeRequest {
  method: string;
  path: string;
  version: string;
  headers: Map<string, string>;
}

export type HandshakeVerdict =
  | { ok: true; libraryVersion: string; clientWebSocketVersion: number }
  | { ok: false; status: 400 | 401 | 406; why: string };

/** The exact failure answers of iTerm2: a status line, no headers, connection closed. */
export const FAILURE_RESPONSES = {
  400: 'HTTP/1.1 400 Bad Request\r\n\r\n',
  401: 'HTTP/1.1 401 Unauthorized\r\n\r\n',
  406: 'HTTP/1.1 406 Unacceptable (upgrade Python library)\r\n\r\n',
} as const;

export const SUBPROTOCOL = 'api.iterm2.com';
export const PROTOCOL_VERSION = '1.17';

const KEY = /^[+/0-9A-Za-z]{22}==$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Cookies as iTerm2 hands them out: 32 hex chars; normal ones are single-use, reusable ones stay
 * valid. With no cookie configured at all the server behaves as with "Allow all apps to connect".
 */
export class CookieJar {
  private readonly cookies = new Map<string, { reusable: boolean }>();

  constructor(private readonly required: boolean) {}

  get requiresCookie(): boolean {
    return this.required;
  }

  /** Issues a cookie and key the way `request cookie and key for app named` does. */
  issue(reusable = false): { cookie: string; key: string } {
    const cookie = randomBytes(16).toString('hex');
    this.cookies.set(cookie, { reusable });
    return { cookie, key: randomUUID().toUpperCase() };
  }

  add(cookie: string, reusable: boolean): void {
    this.cookies.set(cookie, { reusable });
  }

  /** True when the cookie is in the jar; a single-use cookie is consumed by its first match. */
  redeem(cookie: string | undefined): boolean {
    if (cookie === undefined) return false;
    const found = this.cookies.get(cookie);
    if (!found) return false;
    if (!found.reusable) this.cookies.delete(cookie);
    return true;
  }
}

/** `Host` after stripping `:port`. */
function hostOnly(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

/** Applies iTerm2's upgrade checks (§1.1) and auth decision (§1.3) in the real server's order. */
export function checkHandshake(request: UpgradeRequest, cookies: CookieJar): HandshakeVerdict {
  const bad = (why: string): HandshakeVerdict => ({ ok: false, status: 400, why });
  const h = request.headers;
  if (request.method !== 'GET' || request.path !== '/' || request.version !== 'HTTP/1.1')
    return bad('request line');
  if (h.has('content-length')) return bad('content-length');
  // Quirk: for these three an *absent* header passes (an Objective-C nil comparison says "same").
  const upgrade = h.get('upgrade');
  if (upgrade !== undefined && upgrade.toLowerCase() !== 'websocket') return bad('upgrade');
  const connection = h.get('connection');
  if (connection !== undefined && connection.toLowerCase() !== 'upgrade') return bad('connection');
  const protocol = h.get('sec-websocket-protocol');
  if (protocol !== undefined && protocol !== SUBPROTOCOL) return bad('sec-websocket-protocol');
  const key = h.get('sec-websocket-key');
  if (key === undefined || !KEY.test(key)) return bad('sec-websocket-key');
  const version = Number(h.get('sec-websocket-version'));
  if (!Number.isInteger(version) || version < 13) return bad('sec-websocket-version');
  const host = h.get('host');
  if (host === undefined || !LOCAL_HOSTS.has(hostOnly(host.trim()).toLowerCase())) return bad('host');
  const origin = h.get('origin');
  let originHost: string | undefined;
  try {
    originHost = origin === undefined ? undefined : new URL(origin).hostname;
  } catch {
    originHost = undefined;
  }
  if (originHost !== 'localhost') return bad('origin');
  const library = h.get('x-iterm2-library-version');
  const parts = library?.split(' ') ?? [];
  if (parts.length !== 2) return bad('x-iterm2-library-version');
  const [name, libraryVersion] = parts as [string, string];
  if (name === 'python' && versionBelow(libraryVersion, [0, 24]))
    return { ok: false, status: 406, why: 'python library too old' };
  if (cookies.requiresCookie && !cookies.redeem(h.get('x-iterm2-cookie'))) {
    // No dialog can be shown here: with or without x-iterm2-disable-auth-ui the answer is a refusal.
    return { ok: false, status: 401, why: 'cookie' };
  }
  return { ok: true, libraryVersion: library!, clientWebSocketVersion: version };
}

function versionBelow(text: string, minimum: [number, number]): boolean {
  const [major = 0, minor = 0] = text.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return major < minimum[0] || (major === minimum[0] && minor < minimum[1]);
}
