/** True for key presses meant for a text field (input, textarea, select, contenteditable), not for a view's shortcuts. */
export function typingInto(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el &&
    (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
  );
}

/** True while a modal dialog (the command palette) has the keyboard. */
export function modalOpen(): boolean {
  return document.querySelector('[role="dialog"][aria-modal="true"]') !== null;
}
