// Types of scripts/quiet-build.js for its test (the script itself runs as plain JavaScript under `npm start`).
export function quietBuild(
  command: string,
  args: string[],
  options: { label: string; out?: { write(text: string): unknown }; err?: { write(text: string): unknown } },
): number;
