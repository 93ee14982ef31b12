import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEntry } from '../src/index';
import { logResolvedModules, withBundledSources } from './support/resolved-modules';

// `switchboard start` loads the OpenTelemetry SDK only when traces are exported (an OTLP endpoint is set): a host
// without one (the default, and every test's host) does not pay for its modules at start. What a process loads is
// seen from a module resolve hook (node:module register) that appends every URL it resolves to a file.
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Starts a host with `env`, waits for its printed addresses, stops it; the URLs of every module it resolved. */
async function modulesLoadedByStart(env: NodeJS.ProcessEnv): Promise<string[]> {
  const folder = mkdtempSync(join(tmpdir(), 'sb-otel-start-'));
  folders.push(folder);
  const logFile = join(folder, 'resolved.txt');
  const child = spawn(
    process.execPath,
    [
      '--import',
      logResolvedModules(logFile),
      cliEntry,
      'start',
      '--no-open',
      '--port',
      '0',
      '--backend',
      'memory',
      '--data-dir',
      join(folder, 'data'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let output = '';
  child.stderr.on('data', (d) => (output += d));
  try {
    await new Promise<void>((started, failed) => {
      child.stdout.on('data', (d) => {
        output += d;
        if (/MCP:\s+\S+/.test(output)) started();
      });
      child.on('exit', (code) => failed(new Error(`the host exited with ${code}:\n${output}`)));
    });
  } finally {
    child.kill('SIGKILL');
  }
  return withBundledSources(readFileSync(logFile, 'utf8').split('\n').filter(Boolean));
}

// Not `@opentelemetry/api`: prom-client's process CPU metric requires it (a few hundred lines, no SDK); its `require`
// was never seen by the resolve hook, and is now that the CLI's bundle takes prom-client in (withBundledSources).
const otel = (urls: string[]) =>
  urls.filter((url) => url.includes('/@opentelemetry/') && !url.includes('/@opentelemetry/api/'));

describe('switchboard start and the OpenTelemetry SDK', { timeout: 120_000 }, () => {
  it('a host without an OTLP endpoint loads none of it; one with an endpoint loads the SDK and its exporter', async () => {
    const without = { OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' };
    const [plain, tracing] = await Promise.all([
      modulesLoadedByStart(without),
      // Port 9 (discard) on loopback: nothing is exported before the host is stopped.
      modulesLoadedByStart({ ...without, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }),
    ]);
    // The probe saw the host's own modules (the bundle or its sources), so an empty list below is not a blind spot.
    expect(plain.some((url) => url.includes('/apps/headless/'))).toBe(true);
    expect(otel(plain)).toEqual([]);
    expect(otel(tracing).some((url) => url.includes('/@opentelemetry/sdk-trace-node/'))).toBe(true);
    expect(otel(tracing).some((url) => url.includes('/@opentelemetry/exporter-trace-otlp-http/'))).toBe(true);
  });
});
