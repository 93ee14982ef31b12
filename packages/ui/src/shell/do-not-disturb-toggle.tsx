import { useFleet } from '../views/store-context';

/**
 * Fleet-wide do-not-disturb: notifications are still kept and listed, but no toasts pop up. Short on
 * screen ("DND", pressed when on) so the header stays on one line; screen readers hear the whole name.
 */
export function DoNotDisturbToggle() {
  const settings = useFleet((s) => s.attention);
  const setDoNotDisturb = useFleet((s) => s.setDoNotDisturb);
  const on = settings?.doNotDisturb ?? false;
  return (
    <button
      type="button"
      className={on ? undefined : 'secondary'}
      aria-pressed={on}
      disabled={settings === null}
      title={on ? 'Do not disturb is on: notifications are kept but not shown' : 'Do not disturb is off'}
      onClick={() => void setDoNotDisturb(!on)}
    >
      <span aria-hidden="true">DND</span>
      <span className="visually-hidden">Do not disturb</span>
    </button>
  );
}
