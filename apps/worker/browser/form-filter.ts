/**
 * The board's form select (#form-filter, only when there is more than one
 * form): the URL keeps the choice (?form=<slug>, none for all forms) so a
 * reload shows the same list, as the tabs keep theirs in ?tab=.
 */
export class FormFilter {
  current: string;
  private readonly select: HTMLSelectElement | null;

  constructor(onChange: () => void) {
    this.select = document.querySelector<HTMLSelectElement>('#form-filter');
    const asked = new URLSearchParams(location.search).get('form') ?? '';
    const known = !!this.select && Array.from(this.select.options).some((o) => o.value === asked);
    this.current = known ? asked : '';
    if (!this.select) return;
    this.select.value = this.current;
    this.remember();
    this.select.addEventListener('change', () => {
      this.current = this.select!.value;
      this.remember();
      onChange();
    });
  }

  private remember(): void {
    const url = new URL(location.href);
    if (this.current) url.searchParams.set('form', this.current);
    else url.searchParams.delete('form');
    history.replaceState(null, '', url.pathname + url.search);
  }
}
