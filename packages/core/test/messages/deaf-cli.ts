import { fakeCliBackend } from './fake-cli-backend';
import { messagingFixture } from './messaging-fixture';

/** A CLI that never shows a submission (every Enter is lost): every typing ends `unconfirmed` unless a hook says. */
export function deafCli() {
  const fake = fakeCliBackend({ swallow: Infinity });
  return { fake, f: messagingFixture({ backend: fake.backend }) };
}

/** How many times the submit key was pressed in the pane. */
export const enters = (fake: ReturnType<typeof fakeCliBackend>, paneId: string) =>
  fake.keys.filter((k) => k.paneId === paneId && k.text === '\r').length;
