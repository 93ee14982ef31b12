/**
 * Security policy of the desktop shell as plain values and pure functions, so each item of Electron's
 * security checklist (https://www.electronjs.org/docs/latest/tutorial/security) is tested without a
 * binary. `main.ts` only applies them.
 */

/** The renderer is served from this privileged custom scheme, never from file:// (checklist 18). */
export const APP_SCHEME = 'switchboard';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * How `protocol.registerSchemesAsPrivileged` declares the app scheme: a secure, standard origin that
 * CSP applies to. `corsEnabled` stays off: the UI loads its modules same-origin, and the privilege
 * would let other origins read the scheme's responses.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  bypassCSP: false,
  allowServiceWorkers: false,
  stream: false,
} as const;

/** Options for every BrowserWindow's `webPreferences` (checklist 2, 3, 4, 6, 7, 8, 9, 12). */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  } as const;
}

/**
 * The Content-Security-Policy of the renderer (checklist 7). Scripts only from the app itself; inline
 * styles are allowed because React Flow and xterm position elements with `style` attributes; no
 * network: the renderer talks to the host through the preload bridge, not over sockets.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers the app protocol answers with. */
export const APP_RESPONSE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
} as const;

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True for a page of the app itself (custom scheme, app host). */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== undefined && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/** The frame that sent an IPC message, as Electron describes it (`event.senderFrame`). */
export interface SenderFrame {
  url: string;
  /** False for iframes: only the app's top frame may call the host. */
  isMainFrame: boolean;
}

/** IPC is accepted only from the app's own top-level frame (checklist 17). */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame.isMainFrame && isAppUrl(frame.url);
}

/** Schemes handed to the default browser; anything else (file:, javascript:, smb:, custom apps) is dropped (checklist 15). */
export const EXTERNAL_SCHEMES: readonly string[] = ['https:', 'http:', 'mailto:'];

export function isSafeExternalUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== undefined && EXTERNAL_SCHEMES.includes(parsed.protocol);
}

/** `will-navigate` / `will-redirect`: the window never leaves the app (checklist 13). */
export function navigationDecision(url: string): 'allow' | 'deny' {
  return isAppUrl(url) ? 'allow' : 'deny';
}

/** `setWindowOpenHandler`: no new Electron window ever opens; safe links go to the default browser (checklist 14, 15). */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isSafeExternalUrl(url) };
}

/** Permission requests (camera, notifications, geolocation, …) from web content: all refused (checklist 5). */
export function permissionDecision(_permission: string): boolean {
  return false;
}
