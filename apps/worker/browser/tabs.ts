import { isBoardTab, type BoardTab } from '../src/admin/board/board-links';

/**
 * The board's filter tabs (an ARIA tablist): click or arrow keys select one,
 * the URL keeps it (?tab=…, none for the page's default) so a reload shows the same list.
 */
export class Tabs {
  current: BoardTab;
  /** The tabs this page has (sales have no spam tab), in their order. */
  private readonly tabs: BoardTab[];

  constructor(
    private readonly list: HTMLElement,
    private readonly panel: HTMLElement,
    private readonly onChange: (tab: BoardTab) => void,
    private readonly defaultTab: BoardTab,
  ) {
    this.tabs = Array.from(list.querySelectorAll('[role=tab]'))
      .map((node) => node.getAttribute('data-tab'))
      .filter(isBoardTab);
    const asked = new URLSearchParams(location.search).get('tab');
    this.current = isBoardTab(asked) && this.tabs.includes(asked) ? asked : defaultTab;
    list.addEventListener('click', (e) => {
      const button = (e.target as Element).closest('[role=tab]');
      const tab = button?.getAttribute('data-tab');
      if (!isBoardTab(tab) || !this.tabs.includes(tab)) return;
      this.select(tab, false);
      this.onChange(tab);
    });
    list.addEventListener('keydown', (e) => this.onKey(e));
  }

  select(tab: BoardTab, focus: boolean): void {
    this.current = tab;
    for (const node of Array.from(this.list.querySelectorAll<HTMLElement>('[role=tab]'))) {
      const on = node.getAttribute('data-tab') === tab;
      node.setAttribute('aria-selected', on ? 'true' : 'false');
      node.tabIndex = on ? 0 : -1;
      if (on && focus) node.focus();
    }
    if (tab !== 'spam') this.panel.setAttribute('aria-labelledby', `tab-${tab}`);
    const url = new URL(location.href);
    if (tab === this.defaultTab) url.searchParams.delete('tab');
    else url.searchParams.set('tab', tab);
    history.replaceState(null, '', url.pathname + url.search);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End') return;
    const i = this.tabs.indexOf(this.current);
    const n = this.tabs.length;
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : (i + (e.key === 'ArrowRight' ? 1 : -1) + n) % n;
    e.preventDefault();
    this.select(this.tabs[next], true);
    this.onChange(this.tabs[next]);
  }
}
