import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Each domain's repository owns its tables: another domain reads them through that repository's method, not in
 * its own SQL (docs/architecture.md). A table belongs to the folder whose migrations create it; this test reads
 * the SQL in every string of core's sources and lists the tables a file names that another folder owns.
 */
const SRC = new URL('../src', import.meta.url).pathname;

/** Cross-domain SQL still in place, each with why (docs/architecture.md lists them); none may be added. */
const KNOWN: Record<string, string[]> = {
  // Retention deletes old messages with their deliveries, index rows and inbox usage in one transaction.
  'retention/message-retention.ts': ['message_deliveries', 'message_fts', 'message_inbox_usage', 'messages'],
  // The search indexes: message bodies into message_fts, recorded lines through recording_fts.
  'search/fleet-search.ts': ['message_deliveries', 'messages'],
  'search/message-index.ts': ['messages'],
  'search/recorded-output-search.ts': ['recording_fts', 'recording_lines'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The text of every string and template literal in a file (template holes left out): where SQL lives. */
function stringsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  // Parsing is the cost: a file with no SQL-looking words has no SQL.
  if (!/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+\w/i.test(text)) return [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
  const texts: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) texts.push(node.text);
    else if (ts.isTemplateExpression(node))
      texts.push(node.head.text, ...node.templateSpans.map((span) => span.literal.text));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return texts;
}

const domainOf = (file: string) => relative(SRC, file).split('/')[0]!;
const isMigration = (file: string) => file.endsWith('-migrations.ts');

function tableOwners(files: string[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of files.filter(isMigration))
    for (const text of stringsOf(file))
      for (const match of text.matchAll(/CREATE (?:VIRTUAL )?TABLE (?:IF NOT EXISTS )?(\w+)/gi))
        owners.set(match[1]!, domainOf(file));
  return owners;
}

/** The tables another domain owns that this file's SQL names (a CTE's own name is not a table). */
function foreignTables(file: string, owners: ReadonlyMap<string, string>): string[] {
  const sql = stringsOf(file).join('\n');
  const ctes = new Set([...sql.matchAll(/\b(\w+) AS \(/gi)].map((m) => m[1]!));
  const named = [...sql.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+(\w+)/gi)].map((m) => m[1]!);
  return [
    ...new Set(
      named.filter((table) => !ctes.has(table) && owners.has(table) && owners.get(table) !== domainOf(file)),
    ),
  ].sort();
}

describe("a domain's SQL names only its own tables", () => {
  const files = sourceFiles(SRC);
  const owners = tableOwners(files);

  it('finds the tables and their owners', () => {
    expect(owners.get('agents')).toBe('fleet');
    expect(owners.get('audit_log')).toBe('audit');
    expect(owners.get('messages')).toBe('messages');
  });

  it('no file reads or writes another domain’s tables beyond the known list', () => {
    const found: Record<string, string[]> = {};
    for (const file of files.filter((f) => !isMigration(f))) {
      const tables = foreignTables(file, owners);
      if (tables.length > 0) found[relative(SRC, file)] = tables;
    }
    expect(found).toEqual(KNOWN);
  });
});
