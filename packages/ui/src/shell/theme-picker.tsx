import { useEffect } from 'react';
import type { ThemeChoice } from '../store/shell-store';
import { useShell } from '../views/store-context';

/** Light, dark or the system's; applied as `data-theme` on the document element. */
export function ThemePicker() {
  const theme = useShell((s) => s.theme);
  const setTheme = useShell((s) => s.setTheme);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset['theme'];
    else root.dataset['theme'] = theme;
  }, [theme]);
  return (
    <select className="theme-picker" aria-label="Theme" value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
      <option value="system">System theme</option>
      <option value="light">Light</option>
      <option value="dark">Dark</option>
    </select>
  );
}
