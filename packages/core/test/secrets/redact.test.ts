import fc, { type Arbitrary } from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsSecret, redactDeep, redactSecrets } from '../../src/secrets/redact';
import { SECRET_RULES, mayHoldSecret } from '../../src/secrets/secret-patterns';

// Fakes shaped like the real thing, assembled at run time so no scanner mistakes this file for a leak.
const letters = (n: number, alphabet = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789') =>
  Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');
const upper = (n: number) => letters(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const jwt = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"1234567890","name":"x"}')}.${letters(43)}`;

/** [label, text containing a secret, the secret itself]. */
const positives: [string, string, string][] = [
  [
    'Anthropic API key',
    `ANTHROPIC=${'sk-ant-' + 'api03-' + letters(93)}`,
    'sk-ant-' + 'api03-' + letters(93),
  ],
  [
    'Anthropic OAuth token',
    `use ${'sk-ant-' + 'oat01-' + letters(60)} now`,
    'sk-ant-' + 'oat01-' + letters(60),
  ],
  ['OpenAI project key', `key ${'sk-' + 'proj-' + letters(120)}`, 'sk-' + 'proj-' + letters(120)],
  ['OpenAI legacy key', `openai.api_key = "${'sk-' + letters(48)}"`, 'sk-' + letters(48)],
  ['Google API key', `https://maps.googleapis.com/x?key=${'AIza' + letters(35)}`, 'AIza' + letters(35)],
  ['Google OAuth access token', `Bearer-ish ${'ya29.' + letters(60)}`, 'ya29.' + letters(60)],
  ['GitHub classic PAT', `git clone with ${'ghp_' + letters(36)}`, 'ghp_' + letters(36)],
  ['GitHub app token', `GH=${'ghs_' + letters(36)}`, 'ghs_' + letters(36)],
  [
    'GitHub fine-grained PAT',
    `${'github_pat_' + letters(22) + '_' + letters(59)}`,
    'github_pat_' + letters(22) + '_' + letters(59),
  ],
  ['npm access token (bare)', `registry auth ${'npm_' + letters(36)} ok`, 'npm_' + letters(36)],
  ['AWS access key id', `aws id ${'AKIA' + upper(16)} here`, 'AKIA' + upper(16)],
  [
    'AWS secret access key',
    `aws_secret_access_key = ${letters(40, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789/+')}`,
    letters(40, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789/+'),
  ],
  [
    'Slack bot token',
    `slack ${'xoxb-' + '1234567890-' + letters(24)}`,
    'xoxb-' + '1234567890-' + letters(24),
  ],
  ['Slack user token', `${'xoxp-' + letters(40)}`, 'xoxp-' + letters(40)],
  ['Slack webhook', `post to https://hooks.slack.com/services/T0000/B0000/${letters(24)}`, letters(24)],
  ['JWT', `id_token is ${jwt}.`, jwt],
  [
    'private key block',
    `-----BEGIN RSA PRIVATE KEY-----\nMIIEow${letters(64)}\n${letters(64)}\n-----END RSA PRIVATE KEY-----`,
    letters(64),
  ],
  [
    'OpenSSH private key',
    `-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn${letters(70)}\n-----END OPENSSH PRIVATE KEY-----`,
    letters(70),
  ],
  ['unterminated private key', `-----BEGIN PRIVATE KEY-----\nMIIEv${letters(64)}`, letters(64)],
  ['password= assignment', 'mysql -u root password=hunter2-correct-horse', 'hunter2-correct-horse'],
  ['password: YAML', 'db:\n  password: s3cr3t-Value!', 's3cr3t-Value!'],
  ['token= in a query string', 'GET /callback?state=1&token=abc123def456ghi', 'abc123def456ghi'],
  ['JSON secret field', '{"user":"ann","password":"pa55 word"}', 'pa55 word'],
  ['env var *_TOKEN', 'export NPM_TOKEN=npm_aBcDeFgHiJkLmNoPqRsT', 'npm_aBcDeFgHiJkLmNoPqRsT'],
  [
    'URL with credentials',
    'git remote add origin https://ann:Tr0ub4dor@github.com/ann/repo.git',
    'Tr0ub4dor',
  ],
  ['postgres URL', 'DATABASE_URL=postgres://app:p%40ss@db.internal:5432/app', 'p%40ss'],
  [
    'Authorization header',
    'curl -H "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123"',
    'abcdefghijklmnopqrstuvwxyz0123',
  ],
];

const sha = 'e83c5163316f89bfbde7d9ab23ca2e25604af290';
const tinyPng =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const bigBase64 = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37 + 11) % 256)).toString('base64');

/** Text that must come out exactly as it went in. */
const negatives: [string, string][] = [
  ['git SHA', `commit ${sha}`],
  ['short SHA and ref', `HEAD is now at ${sha.slice(0, 7)} Fix the thing (origin/main)`],
  ['UUID', 'agent-3f2b8c1e-9d4a-4e6b-8f1a-2c3d4e5f6a7b joined'],
  ['base64 PNG', `<img src="${tinyPng}">`],
  ['long base64 blob', bigBase64],
  ['ordinary hex', '0xdeadbeefcafebabe 00ff00 #3366cc 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d'],
  ['SHA-256 digest', 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
  ['token counts', 'used 12.3k tokens, 4 tokens/s; max_tokens: 4096'],
  ['password prose', 'Reset your password from the settings page.'],
  ['a plain URL', 'https://github.com/ann/repo/pull/12?tab=files#diff-1'],
  ['an email', 'mail ann@example.com about the secret plan'],
  ['npm package with sk- word', 'task-skeleton sk-learn ask-user'],
  ['already redacted', 'token=[REDACTED:secret] and [REDACTED:github]'],
];

describe('redactSecrets: every kind of secret in the corpus is caught', () => {
  it.each(positives)('%s', (_label, text, secret) => {
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toMatch(/\[REDACTED:[a-z-]+\]/);
    expect(containsSecret(text)).toBe(true);
  });

  it('is idempotent', () => {
    for (const [, text] of positives) expect(redactSecrets(redactSecrets(text))).toBe(redactSecrets(text));
  });

  it('keeps what is needed to read the line: key names, URL user and host', () => {
    expect(redactSecrets('password=hunter2')).toBe('password=[REDACTED:secret]');
    expect(redactSecrets('https://ann:Tr0ub4dor@github.com/x')).toBe(
      'https://ann:[REDACTED:url-credentials]@github.com/x',
    );
  });
});

describe('redactSecrets: the negative corpus is left untouched', () => {
  it.each(negatives)('%s', (_label, text) => {
    expect(redactSecrets(text)).toBe(text);
    expect(containsSecret(text)).toBe(false);
  });
});

describe('redactDeep', () => {
  it('redacts strings at any depth and values under secret-named keys, without mutating the input', () => {
    const input = {
      user: 'ann',
      token: 'plain-looking',
      nested: [{ note: `key ${'ghp_' + letters(36)}` }],
      count: 3,
    };
    const copy = structuredClone(input);
    expect(redactDeep(input)).toEqual({
      user: 'ann',
      token: '[REDACTED:secret]',
      nested: [{ note: 'key [REDACTED:github]' }],
      count: 3,
    });
    expect(input).toEqual(copy);
  });

  it('returns a fresh copy at every level, and keeps an own "__proto__" key a key (hostile JSON)', () => {
    const hostile = JSON.parse(
      `{"__proto__": {"token": "t0k3n", "polluted": true}, "list": [{"a": 1}], "note": "${'ghp_' + letters(36)}"}`,
    ) as Record<string, unknown>;
    const redacted = redactDeep(hostile);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(Object.keys(redacted)).toEqual(['__proto__', 'list', 'note']);
    expect(Object.getOwnPropertyDescriptor(redacted, '__proto__')?.value).toEqual({
      token: '[REDACTED:secret]',
      polluted: true,
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(JSON.stringify(redacted)).toBe(
      '{"__proto__":{"token":"[REDACTED:secret]","polluted":true},"list":[{"a":1}],"note":"[REDACTED:github]"}',
    );
    expect(redacted['list']).not.toBe(hostile['list']);
    expect((redacted['list'] as unknown[])[0]).not.toBe((hostile['list'] as unknown[])[0]);
  });
});

describe('redactSecrets leaves random ordinary identifiers alone (property)', () => {
  const runs = { numRuns: process.env['STRESS'] === '1' ? 5000 : 300 };
  it.each([
    ['hex strings', fc.stringMatching(/^[0-9a-f]{1,80}$/)],
    ['UUIDs', fc.uuid()],
    [
      'base64 blobs',
      fc.uint8Array({ minLength: 1, maxLength: 600 }).map((b) => Buffer.from(b).toString('base64')),
    ],
  ] as const)('%s', (_label, arbitrary) => {
    fc.assert(
      fc.property(arbitrary as Arbitrary<string>, (text) => redactSecrets(text) === text),
      runs,
    );
  });
});

describe('mayHoldSecret: the patterns are skipped only for text none of them can match', () => {
  const anyRuleMatches = (text: string) =>
    SECRET_RULES.some((rule) => {
      rule.pattern.lastIndex = 0;
      return rule.pattern.test(text);
    });
  const swapCase = (text: string) =>
    [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
  // The corpus's secrets with a few characters cut out and the case maybe swapped: most cuts leave a
  // secret some pattern still matches, some cut through an anchor — the anchors must hold either way.
  const damagedSecrets = fc
    .tuple(
      fc.constantFrom(...positives.map(([, text]) => text)),
      fc.array(fc.nat(), { maxLength: 4 }),
      fc.boolean(),
    )
    .map(([text, cuts, swapped]) => {
      let damaged = text;
      for (const cut of cuts) {
        const at = cut % Math.max(1, damaged.length);
        damaged = damaged.slice(0, at) + damaged.slice(at + 1);
      }
      return swapped ? swapCase(damaged) : damaged;
    });

  it('says yes for every text a pattern matches (property over damaged secrets and random text)', () => {
    let matched = 0;
    fc.assert(
      fc.property(fc.oneof(damagedSecrets, fc.string({ maxLength: 80 })), (text) => {
        if (!anyRuleMatches(text)) return true;
        matched++;
        return mayHoldSecret(text);
      }),
      { numRuns: process.env['STRESS'] === '1' ? 50_000 : 3_000 },
    );
    expect(matched).toBeGreaterThan(500);
  });

  it('says no for everyday text, which then comes back as it was', () => {
    for (const text of ['message.receive', 'agent.whoami', 'm42', 'pair-b', sha, 'builder'])
      expect(mayHoldSecret(text)).toBe(false);
    for (const [, text] of positives) expect(mayHoldSecret(text)).toBe(true);
  });
});
