import { describe, expect, it } from 'vitest';
import { probedStart } from './support/probed-start';

// `switchboard start` loads the OpenTelemetry SDK only when traces are exported (an OTLP endpoint is set): a host
// without one (the default, and every test's host) does not pay for its modules at start. What a process loads is
// seen from a module resolve hook (node:module register) that appends every URL it resolves to a file.

/** Starts a host with `env`, waits for its printed addresses, stops it; the URLs of every module it loaded. */
async function modulesLoadedByStart(env: NodeJS.ProcessEnv): Promise<string[]> {
  const host = await probedStart(['--backend', 'memory'], env);
  try {
    return host.modules();
  } finally {
    host.stop();
  }
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
