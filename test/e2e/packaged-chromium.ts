import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const repository = resolve(import.meta.dirname, '../..');
/** Where the packaged Chromium is unpacked: inside node_modules, private to this checkout. */
export const PACKAGED_CHROMIUM_DIR = join(repository, 'node_modules/.cache/switchboard-chromium');

/**
 * The Chromium that arrives through the npm registry inside a package (`@sparticuz/chromium`: the
 * binary, its fonts and the shared libraries a bare Linux may lack, brotli-compressed in the tarball;
 * nothing is downloaded at install or run time). Unpacked once into node_modules/.cache; returns a
 * small wrapper script that points the browser at its fonts (and at the bundled libraries when the
 * system lacks some), or undefined when the package is not installed.
 */
export function packagedChromium(): string | undefined {
  const wrapper = join(PACKAGED_CHROMIUM_DIR, 'chromium-wrapper.sh');
  if (existsSync(wrapper)) return wrapper;
  let binary: string;
  try {
    mkdirSync(PACKAGED_CHROMIUM_DIR, { recursive: true });
    // The package unpacks into os.tmpdir() (TMPDIR); naming a Node 20 Lambda runtime makes it unpack its
    // bundled shared libraries too. Async in the package, so it runs in a child to keep this synchronous.
    binary = execFileSync(
      process.execPath,
      [
        '-e',
        "import('@sparticuz/chromium').then(async (m) => process.stdout.write(await m.default.executablePath()))",
      ],
      {
        cwd: repository,
        encoding: 'utf8',
        env: { ...process.env, TMPDIR: PACKAGED_CHROMIUM_DIR, AWS_LAMBDA_JS_RUNTIME: 'nodejs20.x' },
        timeout: 300_000,
      },
    ).trim();
  } catch {
    return undefined;
  }
  if (!binary || !existsSync(binary)) return undefined;
  const libraries = join(dirname(binary), 'al2023', 'lib');
  const lines = ['#!/bin/sh', `export FONTCONFIG_FILE='${writeFontConfig(dirname(binary))}'`];
  if (missingLibraries(binary))
    lines.push(`export LD_LIBRARY_PATH='${libraries}'\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}`);
  // This build derives its language from the C/POSIX locale as "en-US@posix", which Intl rejects: name one.
  lines.push('export LANG=en_US.UTF-8 LANGUAGE=en_US', `exec '${binary}' --lang=en-US "$@"`, '');
  writeFileSync(wrapper, lines.join('\n'));
  chmodSync(wrapper, 0o755);
  return wrapper;
}

/** Whether the system lacks a shared library the binary needs (then the bundled ones are used). */
function missingLibraries(binary: string): boolean {
  try {
    return execFileSync('ldd', [binary], { encoding: 'utf8' }).includes('not found');
  } catch {
    return true;
  }
}

/**
 * A fontconfig file for the packaged browser: its bundled fonts (Open Sans) first, then the system's
 * folders for the symbols Open Sans lacks (×, ⏎, →, ✓). The package's own fonts.conf names Lambda's
 * folders (/var/task/fonts, /tmp/fonts), where nothing is here: with it this browser rendered no text at
 * all, and reached font fallback the UI's symbols need with no font to fall back to.
 */
function writeFontConfig(folder: string): string {
  const path = join(PACKAGED_CHROMIUM_DIR, 'fonts.conf');
  const dirs = [join(folder, 'fonts', 'fonts'), '/usr/share/fonts', '/usr/local/share/fonts'].map(
    (dir) => `  <dir>${dir}</dir>`,
  );
  writeFileSync(
    path,
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      ...dirs,
      '  <dir prefix="xdg">fonts</dir>',
      `  <cachedir>${join(PACKAGED_CHROMIUM_DIR, 'fonts-cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'),
  );
  return path;
}
