import type { z } from 'zod';

/** Fills a string leaf: gets the path of keys to it (array items and record values add no key). */
export type StringFill = (path: readonly string[]) => string;

interface Def {
  type: string;
  [key: string]: unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/**
 * A value of roughly the schema's shape, with every optional and nullable field present and every
 * string chosen by `fill`: for tests that walk every event or command of the contract without a
 * hand-written example each. Refinements are not honoured (a regex-checked name gets `fill`'s text);
 * unions take their first option, recursion stops after a few levels.
 */
export function sampleOf(
  schema: z.ZodType,
  fill: StringFill,
  path: readonly string[] = [],
  depth = 0,
): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return fill(path);
    case 'number':
    case 'int':
      return 1;
    case 'boolean':
      return true;
    case 'literal':
      return (def['values'] as unknown[])[0];
    case 'enum':
      return Object.values(def['entries'] as Record<string, unknown>)[0];
    case 'object': {
      const shape = def['shape'] as Record<string, z.ZodType>;
      return Object.fromEntries(
        Object.entries(shape).map(([key, inner]) => [key, sampleOf(inner, fill, [...path, key], depth + 1)]),
      );
    }
    case 'array':
      return depth > 6 ? [] : [sampleOf(def['element'] as z.ZodType, fill, path, depth + 1)];
    case 'record': {
      const key = sampleOf(def['keyType'] as z.ZodType, fill, [...path, '(key)'], depth + 1);
      return {
        [String(key)]: sampleOf(def['valueType'] as z.ZodType, fill, [...path, String(key)], depth + 1),
      };
    }
    case 'union':
      return sampleOf((def['options'] as z.ZodType[])[0]!, fill, path, depth + 1);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return sampleOf(def['innerType'] as z.ZodType, fill, path, depth);
    case 'pipe':
      return sampleOf(def['in'] as z.ZodType, fill, path, depth);
    case 'lazy':
      return sampleOf((def['getter'] as () => z.ZodType)(), fill, path, depth + 1);
    default:
      return null;
  }
}
