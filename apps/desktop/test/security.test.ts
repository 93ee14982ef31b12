import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFileHandler } from '../src/main/app-files';
import {
  APP_RESPONSE_HEADERS,
  APP_SCHEME_PRIVILEGES,
  APP_URL,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  isSafeExternalUrl,
  isTrustedSender,
  navigationDecision,
  permissionDecision,
  secureWebPreferences,
  windowOpenDecision,
} from '../src/main/security';

// Item numbers follow https://www.electronjs.org/docs/latest/tutorial/security#checklist-security-recommendations
describe("Electron's security checklist", () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs');
  const csp = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );

  it('1. only secure content: the renderer comes from the app scheme, not http or file', () => {
    expect(APP_URL).toMatch(/^switchboard:\/\/app\//);
    expect(APP_SCHEME_PRIVILEGES.secure).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
  });
  it('2. Node.js integration off for remote content, workers and subframes', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });
  it('3. context isolation on', () => expect(prefs.contextIsolation).toBe(true));
  it('4. process sandboxing on', () => expect(prefs.sandbox).toBe(true));
  it('5. permission requests refused', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'midi',
      'openExternal',
      'clipboard-read',
      'display-capture',
      'fullscreen',
      'unknown',
    ]) {
      expect(permissionDecision(permission), permission).toBe(false);
    }
  });
  it('6. webSecurity stays on', () => expect(prefs.webSecurity).toBe(true));
  it('7. a Content-Security-Policy: scripts only from the app, no eval, no plugins, no framing, no base or form hijack', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\*/);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(APP_RESPONSE_HEADERS['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(APP_SCHEME_PRIVILEGES.bypassCSP).toBe(false);
  });
  it('8. allowRunningInsecureContent off', () => expect(prefs.allowRunningInsecureContent).toBe(false));
  it('9. experimental features off', () => expect(prefs.experimentalFeatures).toBe(false));
  it('10. no enableBlinkFeatures', () => expect(prefs).not.toHaveProperty('enableBlinkFeatures'));
  it('11/12. no <webview> (so no allowpopups and no webview options to verify)', () =>
    expect(prefs.webviewTag).toBe(false));
  it('13. navigation limited to the app itself', () => {
    expect(navigationDecision(`${APP_URL}#approvals`)).toBe('allow');
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:3000/',
      'file:///etc/passwd',
      'switchboard://evil/index.html',
      'javascript:alert(1)',
      'data:text/html,hi',
      'not a url',
    ]) {
      expect(navigationDecision(url), url).toBe('deny');
    }
    expect(prefs.navigateOnDragDrop).toBe(false);
  });
  it('14. window creation denied; 15. only web links go to the default browser', () => {
    expect(windowOpenDecision('https://docs.example.com/')).toEqual({ action: 'deny', openExternally: true });
    expect(windowOpenDecision('mailto:someone@example.com')).toEqual({
      action: 'deny',
      openExternally: true,
    });
    for (const url of [
      'file:///Applications/Calculator.app',
      'smb://host/share',
      'javascript:alert(1)',
      'vscode://open',
      'x-apple.systempreferences:',
      'ms-msdt:/id',
      'garbage',
    ]) {
      expect(windowOpenDecision(url), url).toEqual({ action: 'deny', openExternally: false });
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
  it('17. IPC senders validated: the app top frame only', () => {
    expect(isTrustedSender({ url: APP_URL, isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: APP_URL, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://example.com/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
  it("18. a custom protocol instead of file://, which serves only the built UI (through the host's one static server)", async () => {
    const outside = mkdtempSync(join(tmpdir(), 'sb-app-files-'));
    const root = join(outside, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'assets/index-1.js'), 'export {};');
    writeFileSync(join(outside, 'secret'), 'SECRET');
    writeFileSync(join(root, '.env'), 'SECRET');
    const handle = appFileHandler(root);
    const get = async (url: string) => {
      const response = await handle(new Request(url));
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        csp: response.headers.get('content-security-policy'),
        body: await response.text(),
      };
    };
    try {
      const index = await get('switchboard://app/');
      expect(index).toMatchObject({
        status: 200,
        csp: CONTENT_SECURITY_POLICY,
        body: '<!doctype html><title>app</title>',
      });
      expect(index.type).toMatch(/^text\/html/);
      expect(await get('switchboard://app/assets/index-1.js')).toMatchObject({
        status: 200,
        type: 'text/javascript',
        body: 'export {};',
      });
      for (const url of [
        'switchboard://app/../secret',
        'switchboard://app/%2e%2e/secret',
        'switchboard://app/assets/../../secret',
        'switchboard://app/..%2fsecret',
        'switchboard://app/assets%2f..%2f..%2fsecret',
        'switchboard://app/a%5c..%5c..%5csecret',
        'switchboard://app/x%00.js',
        'switchboard://app/.env',
        'switchboard://other/index.html',
        'file:///index.html',
        'switchboard://app/%E0%A4%A',
      ]) {
        const answer = await get(url);
        expect(answer.body, url).not.toContain('SECRET');
        if (answer.status === 200) expect(answer.body, url).toBe('<!doctype html><title>app</title>');
      }
      expect((await get('switchboard://other/index.html')).status).toBe(404);
      expect((await get('switchboard://app/missing.js')).status).toBe(404);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    expect(isAppUrl('switchboard://app/index.html')).toBe(true);
    expect(APP_SCHEME_PRIVILEGES.corsEnabled).toBe(false);
  });
  it('19. no dangerous options left on', () => {
    expect(prefs.safeDialogs).toBe(true);
    expect(prefs).not.toHaveProperty('allowpopups');
    expect(prefs).not.toHaveProperty('disableBlinkFeatures');
  });
});
