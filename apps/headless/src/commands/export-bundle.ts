import { resolve } from 'node:path';
import { commands } from '@switchboard/protocol';
import { callRunningHost } from './export';
import { writePrivateFile } from './private-file';

export interface BundleExportOptions {
  dataDir: string;
  /** Only this agent's recording, events and messages (default: the whole fleet). */
  agent?: string;
  from?: string;
  to?: string;
  /** The file to write (0600; default: the bundle's own name in the current folder); `-`: standard output. */
  out?: string;
}

/**
 * `switchboard export --bundle`: the fleet's session for a time range from the running host, as the
 * `.tar.gz` it packs (manifest.json, events, audit entries, messages, each agent's asciicast and text).
 * Says on stderr what it wrote and whether the bundle's bound cut anything.
 */
export async function runBundleExport(
  options: BundleExportOptions,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<void> {
  const input = {
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
    ...(options.agent ? { agents: [options.agent] } : {}),
  };
  const raw = await callRunningHost(options.dataDir, 'recording_bundle', input);
  const bundle = commands['recording.bundle'].output.parse(raw);
  const archive = Buffer.from(bundle.archive, 'base64');
  const { manifest } = bundle;
  if (options.out === '-') out.write(archive);
  else {
    const file = resolve(options.out ?? bundle.fileName);
    writePrivateFile(file, archive);
    err.write(
      `wrote ${archive.length} bytes to ${file}: ${manifest.files.length} files, ${manifest.agents.length} agents, ${manifest.from ?? 'the start'} to ${manifest.to}\n`,
    );
  }
  if (manifest.truncated)
    err.write(
      `the range holds more than a bundle carries (${manifest.maxBytes} bytes): files marked truncated in manifest.json stop early; narrow it with --from/--to or --agent\n`,
    );
}
