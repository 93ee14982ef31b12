import { useEffect } from 'react';
import type { ThemeChoice } from '../store/shell-store';
import { useShell } from '../views/store-context';

/**
 * Light, dark or the system's, resolved here and applied as `data-theme` on the document element, so
 * the stylesheet declares each palette once.
 */
export function ThemePicker() {
  const theme = useShell((s) => s.theme);
  const setTheme = useShell((s) => s.setTheme);
  useEffect(() => {
    const root = document.documentElement;
    const system = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      root.dataset['theme'] = theme === 'system' ? (system.matches ? 'dark' : 'light') : theme;
    };
    apply();
    if (theme !== 'system') return undefined;
    system.addEventListener('change', apply);
    return () => system.removeEventListener('change', apply);
  }, [theme]);
  return (
    <select
      className="theme-picker"
      aria-label="Theme"
      value={theme}
      onChange={(e) => setTheme(e.target.value as ThemeChoice)}
    >
      <option value="system">System theme</option>
      <option value="light">Light</option>
      <option value="dark">Dark</option>
    </select>
  );
}
