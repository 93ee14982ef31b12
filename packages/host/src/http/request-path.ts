/**
 * The path of a request's target, as `new URL(target, base).pathname` gives it for the paths this server
 * answers (an origin-form target without dot segments or escapes); anything else takes the URL parser.
 * Every request asks: the parser was ~1.5 % of a tool call's host CPU over HTTP. `undefined`: a target the
 * parser refuses (`//%`, `//[`: read as an authority); before session 24 its throw ended the host.
 */
export function pathOf(target = '/'): string | undefined {
  const end = target.search(/[?#]/);
  const path = end < 0 ? target : target.slice(0, end);
  if (/^\/[A-Za-z0-9/_-]*$/.test(path) && !path.includes('//')) return path;
  try {
    return new URL(target, 'http://127.0.0.1').pathname;
  } catch {
    return undefined;
  }
}
