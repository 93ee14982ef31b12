/** What the host says of the page's token: this run's, not (the host was started again), or no answer. */
export type TokenVerdict = 'accepted' | 'refused' | 'unreachable';

type Fetch = (
  url: string,
  init: { headers: Record<string, string>; cache: 'no-store' },
) => Promise<{
  ok: boolean;
  json(): Promise<unknown>;
}>;

/**
 * Asks the host's `/health` whether `token` is the human's token of its current run. A browser cannot
 * read why a WebSocket was refused (a 401 and a stopped host look the same), and each start of the
 * host makes a new token: this is how the page tells "the host is down" from "the host is back, with
 * another token".
 */
export function tokenCheck(origin: string, token: string, fetchImpl: Fetch): () => Promise<TokenVerdict> {
  return async () => {
    try {
      const response = await fetchImpl(`${origin}/health`, {
        headers: { authorization: `Bearer ${token}` },
        cache: 'no-store',
      });
      if (!response.ok) return 'unreachable';
      const body = (await response.json()) as { humanToken?: unknown };
      if (typeof body.humanToken !== 'boolean') return 'unreachable';
      return body.humanToken ? 'accepted' : 'refused';
    } catch {
      return 'unreachable';
    }
  };
}
