/**
 * Team colours: distinct hues that keep white text legible (contrast ≥ 4.5:1) on a tab, assigned in
 * order so neighbouring teams differ strongly.
 */
export const TEAM_COLORS = [
  '#1f6feb', // blue
  '#b35900', // orange
  '#1a7f37', // green
  '#a40e26', // red
  '#8250df', // purple
  '#0b7285', // teal
  '#9a6700', // ochre
  '#bf3989', // magenta
  '#57606a', // slate
  '#3d5a80', // navy
] as const;

export function teamColor(index: number): string {
  return TEAM_COLORS[index % TEAM_COLORS.length]!;
}
