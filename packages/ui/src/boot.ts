/** Reads the token from the URL fragment (then removes it from the address bar) or from this tab's session. */
export function takeToken(location: Location, history: History, storage: Storage): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    storage.setItem('switchboard.token', token);
    history.replaceState(null, '', location.pathname + location.search);
    return token;
  }
  return storage.getItem('switchboard.token');
}
