import type * as SdkServerModule from './sdk-server';

export type SdkServer = typeof SdkServerModule;

let loading: Promise<SdkServer> | undefined;

/** The SDK's server side (sdk-server.ts), imported on first use and then shared. */
export function loadSdkServer(): Promise<SdkServer> {
  loading ??= import('./sdk-server');
  return loading;
}

/** Starts loading the SDK's server side ahead of a request expected soon (an agent just spawned). */
export function warmMcpServer(): void {
  // Nothing to report here: the request that needs the SDK gets the same rejection and answers with it.
  loadSdkServer().catch(() => undefined);
}
