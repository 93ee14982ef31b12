// Prettier's options. TypeScript and JavaScript are parsed by oxc (@prettier/plugin-oxc, a native parser): the same
// output as Prettier's own parsers over the whole tree (`prettier --check .` passes with either), for about two
// thirds of the CPU (docs/performance.md, "Session 16"). A checkout installed before the plugin was added formats
// with Prettier's own parsers until its next `npm ci`.
const oxc = '@prettier/plugin-oxc';

function installed(name) {
  try {
    import.meta.resolve(name);
    return true;
  } catch {
    return false;
  }
}

export default {
  singleQuote: true,
  printWidth: 110,
  trailingComma: 'all',
  plugins: installed(oxc) ? [oxc] : [],
};
