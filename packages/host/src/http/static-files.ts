import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { lookup } from 'mrmime';
import sirv from 'sirv';

/** Content-Security-Policy for the UI served over HTTP: our own scripts only, WebSocket back to the same host. */
export const UI_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** The headers the host adds to every UI file it serves over HTTP. */
export const UI_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': UI_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The one MIME table: mrmime's, the one sirv serves with (HTML as UTF-8, as sirv sends it); unknown
 * extensions are `application/octet-stream`.
 */
export function contentTypeFor(file: string): string {
  const type = lookup(file);
  if (!type) return 'application/octet-stream';
  return type === 'text/html' ? `${type};charset=utf-8` : type;
}

/** A path segment starting with a dot (`.env`, `.git/`): never served, whatever the build left there. */
const DOT_SEGMENT = /(^|\/)\.[^/]*/;

/** The built UI, served two ways from one sirv handler: to Node's HTTP server and to a Fetch-style handler (Electron's protocol.handle). */
export interface StaticFiles {
  /** Answers a GET/HEAD for the UI on Node's HTTP server. */
  serve(request: IncomingMessage, response: ServerResponse): void;
  /** The same answer as a Fetch `Response`, for a Request whose URL's path names a UI file. */
  fetch(request: Request): Promise<Response>;
}

/**
 * Serves the single-page UI built into `root` with sirv: files are looked up on disk per request (a
 * build after start is seen), paths outside `root` and dot-files are refused, an unknown route without
 * an extension gets index.html (client-side routing), an unknown asset 404s, and before the UI is
 * built every request gets a 503 saying how to build it. `headers` go on every file served.
 */
export function createStaticFiles(root: string, headers: Readonly<Record<string, string>>): StaticFiles {
  const dir = resolve(root);
  const index = join(dir, 'index.html');
  const files = sirv(dir, {
    dev: true,
    etag: true,
    single: true,
    dotfiles: false,
    setHeaders: (response) => {
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    },
  });
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    const path = safePathname(request.url ?? '/');
    if (!existsSync(index)) return notBuilt(response);
    if (path === undefined || path.includes('\0') || DOT_SEGMENT.test(path)) return notFound(response);
    files(request, response, () => notFound(response));
  };
  return {
    serve,
    fetch: (request) => {
      const url = new URL(request.url);
      const fake = {
        url: `${url.pathname}${url.search}`,
        method: request.method,
        headers: Object.fromEntries(request.headers),
      } as IncomingMessage;
      return new Promise<Response>((done) =>
        serve(fake, new FetchResponse(done) as unknown as ServerResponse),
      );
    },
  };
}

function safePathname(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return undefined;
  }
}

function notBuilt(response: ServerResponse): void {
  response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
  response.end('The UI is not built. Run `npm run build` (npm start does it for you), then reload.\n');
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  response.end('Not found\n');
}

/**
 * The part of Node's ServerResponse that sirv uses (headers, writeHead, a writable body), turned into
 * a Fetch `Response` the moment the head is written.
 */
class FetchResponse extends PassThrough {
  statusCode = 200;
  private readonly headers = new Map<string, string>();
  private answered = false;

  constructor(private readonly answer: (response: Response) => void) {
    super();
    // Ended without a head written (sirv's 404 and 416 set statusCode and end): answer then.
    this.once('finish', () => this.respond());
  }

  setHeader(name: string, value: string | number): this {
    this.headers.set(name.toLowerCase(), String(value));
    return this;
  }

  getHeader(name: string): string | undefined {
    return this.headers.get(name.toLowerCase());
  }

  writeHead(status: number, headers: Record<string, string | number> = {}): this {
    this.statusCode = status;
    for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
    this.respond();
    return this;
  }

  private respond(): void {
    if (this.answered) return;
    this.answered = true;
    const bodiless = this.statusCode === 204 || this.statusCode === 304;
    const body = bodiless ? null : (Readable.toWeb(this) as ReadableStream<Uint8Array>);
    this.answer(new Response(body, { status: this.statusCode, headers: Object.fromEntries(this.headers) }));
  }
}
