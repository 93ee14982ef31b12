// Which of the CLI's entries a command line runs (bin/switchboard.js), decided from argv alone before any bundle is
// loaded: the commands every agent pays for at each start get an entry that loads only what they need.
//   hook      Claude Code waits for its hooks (src/hook-main.ts); `hook --help` / `-h` gets the whole CLI's answer
//   mcp       the stdio relay a stdio-only MCP client starts per session (src/mcp-main.ts), for `mcp` alone or with
//             `--data-dir DIR` / `--data-dir=DIR`; anything else after `mcp` (--help, a typo) gets the whole CLI's answer
//   version   `--version` / `-V`: the package's version, no bundle at all
//   cli       everything else (src/cli.ts)

/** @param {readonly string[]} args the arguments after the script (process.argv.slice(2)) */
export function fastPath(args) {
  const [command, ...rest] = args;
  if (command === 'hook' && !rest.includes('--help') && !rest.includes('-h')) return { name: 'hook' };
  if (args.length === 1 && (command === '--version' || command === '-V')) return { name: 'version' };
  if (command === 'mcp') {
    if (rest.length === 0) return { name: 'mcp' };
    const value =
      rest.length === 2 && rest[0] === '--data-dir'
        ? rest[1]
        : rest.length === 1 && rest[0].startsWith('--data-dir=')
          ? rest[0].slice('--data-dir='.length)
          : undefined;
    if (value && !value.startsWith('-')) return { name: 'mcp', dataDir: value };
  }
  return { name: 'cli' };
}
