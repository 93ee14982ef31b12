import type { FormEvent, ReactNode } from 'react';
import { ProblemAlert } from '../problem-alert';

/**
 * The shape every management section shares: a titled panel, what comes first (a "new …" form or a
 * line of explanation), the last command's problem, then the list.
 */
export function ManagePanel({
  id,
  title,
  intro,
  problem,
  children,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  problem?: string | null | undefined;
  children: ReactNode;
}) {
  return (
    <section className="panel manage-panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {intro}
      <ProblemAlert problem={problem} />
      {children}
    </section>
  );
}

/** A one-line "new …" form: a name (more fields as children) and the button that creates it. */
export function NewNameForm({
  label,
  placeholder,
  value,
  onChange,
  submitLabel,
  busy,
  onSubmit,
  children,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange(value: string): void;
  submitLabel: string;
  busy: boolean;
  onSubmit(): void;
  children?: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="manage-form inline" onSubmit={submit} aria-label={label}>
      <label>
        {label}
        <input
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={placeholder}
          autoComplete="off"
          required
        />
      </label>
      {children}
      <button type="submit" disabled={!value.trim() || busy}>
        {submitLabel}
      </button>
    </form>
  );
}
