/** Which of the CLI's entries a command line runs (the arguments after the script), and the data folder `mcp` got. */
export function fastPath(args: readonly string[]): {
  name: 'hook' | 'mcp' | 'version' | 'cli';
  dataDir?: string;
};
