import { moveRow, toggleRow, type LadderRow } from './recovery-policy-model';

/**
 * One ladder being edited: every step once, in the order tried; a checkbox puts a step in the ladder,
 * ↑/↓ move it earlier or later. Each control is labelled with its step and ladder for screen readers.
 */
export function LadderEditor({
  name,
  legend,
  rows,
  onChange,
}: {
  /** "hung" or "exited": names the ladder in labels and test ids. */
  name: string;
  legend: string;
  rows: LadderRow[];
  onChange(rows: LadderRow[]): void;
}) {
  return (
    <fieldset className="ladder-editor" data-testid={`ladder-${name}`}>
      <legend>{legend}</legend>
      <ol className="manage-list" aria-label={`Steps of the ${name} ladder, in the order tried`}>
        {rows.map((row, index) => (
          <li
            key={row.step}
            className={`manage-row ladder-row${row.on ? '' : ' is-off'}`}
            data-step={row.step}
          >
            <span className="ladder-place" aria-hidden="true">
              {row.on ? `${rows.slice(0, index + 1).filter((r) => r.on).length}.` : '–'}
            </span>
            <label className="checkbox row-title">
              <input
                type="checkbox"
                checked={row.on}
                onChange={() => onChange(toggleRow(rows, index))}
                aria-label={`${row.step} in the ${name} ladder`}
              />
              {row.step}
            </label>
            <span className="row-actions">
              <button
                type="button"
                className="secondary"
                disabled={index === 0}
                onClick={() => onChange(moveRow(rows, index, -1))}
                aria-label={`Move ${row.step} earlier in the ${name} ladder`}
              >
                ↑
              </button>
              <button
                type="button"
                className="secondary"
                disabled={index === rows.length - 1}
                onClick={() => onChange(moveRow(rows, index, 1))}
                aria-label={`Move ${row.step} later in the ${name} ladder`}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
    </fieldset>
  );
}
