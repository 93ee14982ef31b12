// A permission prompt's command is the model's choice: one with a Unicode right-to-left override (U+202E) would show
// reordered in the person's UI ("Trojan Source": `rm -rf <U+202E>/emoh~` reads as `rm -rf ~home/`) while the
// terminal shows it as it is. The item a person decides on writes such characters out ("[U+202E]") in its summary and
// command. (This file names the character, never holds it: the test builds it with an escape.)
import { describe, expect, it } from 'vitest';
import { PERMISSION, setupPrompts } from './prompt-fixture';

const FORGED = 'touch \u202Etxt.tuptuo-dliub\u2066 ok\u2069';

describe('a permission prompt whose command carries bidi controls', () => {
  it('is raised with them written out, not applied, in the summary and the command', async () => {
    const { prompt, pending } = await setupPrompts();
    await prompt(PERMISSION.map((line) => (line === ' touch build-output.txt' ? ` ${FORGED}` : line)));
    const [item] = await pending();
    const shown = 'touch [U+202E]txt.tuptuo-dliub[U+2066] ok[U+2069]';
    expect(item!.summary).toContain(shown);
    expect(item!.payload['command']).toBe(shown);
    expect(JSON.stringify(item)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });
});
