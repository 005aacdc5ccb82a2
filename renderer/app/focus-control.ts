/**
 * The control a "Go to <page>" link from a failure card names by its label:
 * an input whose <label> reads it, an element whose aria-label is it, or a
 * button that says it. A control inside a closed <details> (Advanced) is
 * revealed first, or focus would land on nothing the user can see.
 */
export function focusControlLabelled(root: HTMLElement, label: string): boolean {
  const target = findControl(root, label.trim());
  if (!target) return false;
  const details = target.closest('details');
  if (details && !details.open) details.open = true;
  target.focus();
  target.scrollIntoView({ block: 'center' });
  return true;
}

function findControl(root: HTMLElement, label: string): HTMLElement | null {
  for (const el of root.querySelectorAll('label')) {
    if (el.textContent?.trim() === label) {
      const control = el.control ?? (el.htmlFor ? root.ownerDocument.getElementById(el.htmlFor) : null);
      if (control) return radioOf(control as HTMLElement);
    }
  }
  for (const el of root.querySelectorAll<HTMLElement>('[aria-label]')) if (el.getAttribute('aria-label') === label) return el;
  for (const el of root.querySelectorAll<HTMLElement>('button, legend')) if (el.textContent?.trim() === label) return el;
  return null;
}

/** A radio group's label names the group: focus goes to its chosen radio (or the first), as Tab would. */
function radioOf(control: HTMLElement): HTMLElement {
  if (control.getAttribute('role') !== 'radiogroup') return control;
  return control.querySelector<HTMLElement>('input:checked') ?? control.querySelector<HTMLElement>('input') ?? control;
}
