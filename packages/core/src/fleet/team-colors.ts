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

/** The first palette colour no team uses yet (so deleting a team frees its colour); cycles when all are taken. */
export function nextTeamColor(inUse: readonly string[]): string {
  const used = new Set(inUse.map((c) => c.toLowerCase()));
  return TEAM_COLORS.find((c) => !used.has(c)) ?? teamColor(inUse.length);
}

/** WCAG relative luminance contrast ratio between two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
