import { useFleet } from '../views/store-context';

/** Fleet-wide do-not-disturb: notifications are still kept and listed, but no toasts pop up. */
export function DoNotDisturbToggle() {
  const settings = useFleet((s) => s.attention);
  const setDoNotDisturb = useFleet((s) => s.setDoNotDisturb);
  const on = settings?.doNotDisturb ?? false;
  return (
    <button
      type="button"
      className="secondary"
      aria-pressed={on}
      disabled={settings === null}
      title={on ? 'Do not disturb is on: notifications are kept but not shown' : 'Turn on do not disturb'}
      onClick={() => void setDoNotDisturb(!on)}
    >
      {on ? 'Do not disturb: on' : 'Do not disturb: off'}
    </button>
  );
}
