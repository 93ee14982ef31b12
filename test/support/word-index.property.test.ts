import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coreMigrations } from '../../packages/core/src/core-migrations';
import { openStore } from '../../packages/core/src/store/store';
import { tokensOf } from '../../packages/core/src/search/output-query';
import { WordPairs, wordHash } from '../../bench/support/word-index/word-hashes';
import { MERGE_FANOUT, WORD_INDEX_SQL, WordIndex } from '../../bench/support/word-index/word-index';

/** Pieces of text: words in any case, digits, separators, and now and then a character beyond ASCII. */
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('cache', 'Cache', 'CACHED', 'deploy', 'deploy42', '42', 'x') },
  { weight: 4, arbitrary: fc.constantFrom(' ', '  ', '-', '_', '.', '\n', '/', '"', '*') },
  { weight: 1, arbitrary: fc.constantFrom('é', 'Déploiement', 'ß', '日本', 'Ωmega') },
);
const text = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''));

describe('the word-hash index', () => {
  it("hashes a row's distinct words, each once, as tokensOf splits and folds them", () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), (rows) => {
        const pairs = new WordPairs();
        rows.forEach((row, i) => pairs.addRow(row, i));
        const got = Array.from({ length: pairs.count }, (_, i) => `${pairs.rows[i]}:${pairs.hashes[i]}`);
        const expected = rows.flatMap((row, i) =>
          [...new Set(tokensOf(row))].map((w) => `${i}:${wordHash(w)}`),
        );
        expect(got.sort()).toEqual(expected.sort());
        expect(pairs.words).toBe(rows.reduce((sum, row) => sum + tokensOf(row).length, 0));
      }),
    );
  });

  it('finds every row holding a word, newest first, through batches and merges of every level', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(text, { minLength: 1, maxLength: 6 }), {
          minLength: MERGE_FANOUT * MERGE_FANOUT + 3,
          maxLength: MERGE_FANOUT * MERGE_FANOUT + 12,
        }),
        (batches) => {
          const store = openStore(':memory:', coreMigrations);
          store.db.exec(WORD_INDEX_SQL);
          const index = new WordIndex((sql) => store.prepare(sql));
          const insert = store.db.prepare(
            'INSERT INTO recording_lines (agent_id, at_ms, text) VALUES (?, ?, ?)',
          );
          const rows: string[] = [];
          for (const batch of batches)
            store.transaction(() => {
              const first = rows.length + 1;
              for (const row of batch) insert.run('agent', rows.length, (rows.push(row), row));
              index.add(first, batch);
            });
          store.transaction(() => index.flush());
          expect(store.db.prepare('SELECT max(level) AS top FROM recording_word_segments').get()).toEqual({
            top: 2,
          });
          for (const word of ['cache', 'cached', 'deploy42', '42', 'x', 'deploiement', 'ss', 'ωmega']) {
            const holding = rows
              .map((row, i) => ({ id: i + 1, words: tokensOf(row) }))
              .filter((row) => row.words.includes(word))
              .map((row) => row.id)
              .reverse();
            const found = [...index.candidates([[wordHash(word)]])].flat();
            // A collision may add a row; none is missed, none comes twice, newest first.
            expect(found.filter((id) => holding.includes(id))).toEqual(holding);
            expect(new Set(found).size).toBe(found.length);
            expect([...found].sort((a, b) => b - a)).toEqual(found);
          }
          store.close();
        },
      ),
      { numRuns: 15 },
    );
  });
});
