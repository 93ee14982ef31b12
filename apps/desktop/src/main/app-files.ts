import { createStaticFiles } from '@switchboard/host';
import { APP_RESPONSE_HEADERS, isAppUrl } from './security';

/**
 * The app scheme's handler (`protocol.handle`, checklist 18): the built UI through the host's one
 * static file server (sirv: nothing outside the renderer folder, no dot-files, one MIME table), with
 * the app's security headers; a URL on any other host or scheme is not found.
 */
export function appFileHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const files = createStaticFiles(rendererDir, APP_RESPONSE_HEADERS);
  return async (request) =>
    isAppUrl(request.url) ? files.fetch(request) : new Response('Not found', { status: 404 });
}
