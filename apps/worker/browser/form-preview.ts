/**
 * The form editor's live preview (#form-preview): the unsaved definition
 * goes to POST /admin/forms/preview, which draws it with the gateway's own
 * renderer, and the page it answers is shown in a sandboxed iframe (srcdoc;
 * the sandbox allows no script, form post or pop-up, and the page's CSP
 * still holds). Redrawn a moment after the last change, in the language
 * picked; a definition the API refuses keeps the last good preview and says why.
 */
type Lang = 'zh' | 'en';

const WAIT_MS = 400;

export class FormPreview {
  private timer: number | undefined;
  private seq = 0;
  private readonly frame: HTMLIFrameElement | null;
  private readonly status: HTMLElement | null;

  constructor(
    private readonly definition: () => Record<string, unknown>,
    private lang: Lang,
    private readonly pageLang: Lang,
    private readonly w: (key: string) => string,
  ) {
    this.frame = document.getElementById('preview-frame') as HTMLIFrameElement | null;
    this.status = document.getElementById('preview-status');
    for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-preview-lang]'))) {
      button.addEventListener('click', () => {
        this.lang = button.dataset.previewLang === 'en' ? 'en' : 'zh';
        this.pressed();
        void this.show();
      });
    }
    this.pressed();
  }

  /** Draws the preview again once the editing pauses. */
  schedule(): void {
    if (!this.frame) return;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.show(), WAIT_MS);
  }

  private pressed(): void {
    for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-preview-lang]'))) {
      button.setAttribute('aria-pressed', String(button.dataset.previewLang === this.lang));
    }
  }

  private async show(): Promise<void> {
    if (!this.frame) return;
    const mine = ++this.seq;
    let res: Response;
    try {
      res = await fetch(`/admin/forms/preview?lang=${this.lang}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': this.pageLang },
        body: JSON.stringify(this.definition()),
      });
    } catch (err) {
      if (mine === this.seq) this.say(String(err));
      return;
    }
    const answer = (await res.json().catch(() => ({}))) as {
      html?: unknown;
      message?: unknown;
      errors?: { field: string; message: string }[];
    };
    if (mine !== this.seq) return;
    if (!res.ok || typeof answer.html !== 'string') {
      const first = answer.errors?.[0];
      this.say(first ? `${first.field}: ${first.message}` : String(answer.message ?? res.status));
      return;
    }
    this.frame.srcdoc = answer.html;
    this.frame.dataset.lang = this.lang;
    if (this.status) this.status.textContent = '';
  }

  private say(reason: string): void {
    if (this.status) this.status.textContent = this.w('previewFailed').replace('{reason}', reason);
  }
}
