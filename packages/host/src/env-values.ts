// The one way the host reads a setting from its environment: trimmed, unset or empty meaning "the default", and
// anything else it cannot take refused by the variable's name with what it takes (a typo never silently picks a
// value, nor silently falls back), so the host does not start on it.

/** `"a"`, `"b"` or `"c"`. */
const listed = (choices: readonly string[]) =>
  choices.length === 1
    ? JSON.stringify(choices[0])
    : `${choices
        .slice(0, -1)
        .map((c) => JSON.stringify(c))
        .join(', ')} or ${JSON.stringify(choices.at(-1))}`;

const shown = (value: string) => JSON.stringify(value.slice(0, 40));

/** One of `choices`, in any case; undefined when unset or empty. */
export function envChoice<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  choices: readonly T[],
): T | undefined {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  const chosen = choices.find((choice) => choice === value);
  if (chosen === undefined) throw new Error(`${name} must be ${listed(choices)}, not ${shown(value)}`);
  return chosen;
}

export interface WholeNumberRange {
  min: number;
  max: number;
  /** `none` (any case) is taken and answered `null`: no limit. */
  none?: boolean;
  /** What the number counts, for the refusal (`seconds`). */
  unit?: string;
}

/** A whole number written in digits within the range (or `none`, where taken); undefined when unset or empty. */
export function envWholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  { min, max, none = false, unit }: WholeNumberRange,
): number | null | undefined {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return undefined;
  if (none && value.toLowerCase() === 'none') return null;
  if (!/^[0-9]{1,10}$/.test(value) || Number(value) < min || Number(value) > max)
    throw new Error(
      `${name} must be a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max}${none ? ' or none' : ''}, not ${shown(value)}`,
    );
  return Number(value);
}
