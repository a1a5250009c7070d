import { byId } from './dom';

export interface Question {
  title: string;
  text?: string;
  /** With a label the dialog asks for text. */
  label?: string;
  placeholder?: string;
  required?: boolean;
  requiredMsg?: string;
  okText?: string;
  danger?: boolean;
}

interface Pending {
  question: Question;
  resolve: (answer: string | true | null) => void;
}

/**
 * The page's one <dialog>, reused for every question. `ask` resolves to the
 * typed text (trimmed) when the question has a label, to true without one,
 * and to null when cancelled.
 */
export class Dialog {
  private readonly dlg = document.getElementById('dlg') as HTMLDialogElement | null;
  private pending: Pending | null = null;

  constructor(
    private readonly okDefault: string,
    private readonly requiredDefault: string,
  ) {
    const form = document.getElementById('dlg-form');
    if (!this.dlg || !form) return;
    form.addEventListener('submit', (e) => this.onSubmit(e as SubmitEvent));
    this.dlg.addEventListener('close', () => this.onClose());
  }

  get open(): boolean {
    return !!this.dlg?.open;
  }

  ask(question: Question): Promise<string | true | null> {
    return new Promise((resolve) => {
      if (!this.dlg || typeof this.dlg.showModal !== 'function') {
        // A browser without <dialog>: the plain prompts still work.
        if (question.label) {
          const v = window.prompt((question.text ? question.text + '\n' : '') + question.label, '');
          resolve(v === null ? null : v.trim() || (question.required ? null : ''));
        } else resolve(window.confirm(question.text || question.title) ? true : null);
        return;
      }
      byId('dlg-title').textContent = question.title;
      const textEl = byId('dlg-text');
      textEl.textContent = question.text || '';
      textEl.hidden = !question.text;
      byId('dlg-field').hidden = !question.label;
      byId('dlg-label').textContent = question.label || '';
      const input = byId<HTMLTextAreaElement>('dlg-input');
      input.value = '';
      input.placeholder = question.placeholder || '';
      input.required = !!question.required;
      input.removeAttribute('aria-invalid');
      byId('dlg-error').textContent = '';
      const ok = byId<HTMLButtonElement>('dlg-ok');
      ok.textContent = question.okText || this.okDefault;
      ok.classList.toggle('danger', !!question.danger);
      ok.classList.toggle('primary', !question.danger);
      this.dlg.returnValue = '';
      this.pending = { question, resolve };
      this.dlg.showModal();
      if (question.label) input.focus();
      else (question.danger ? byId('dlg-cancel') : ok).focus();
    });
  }

  /** A required answer left empty keeps the dialog open with the reason. */
  private onSubmit(e: SubmitEvent): void {
    const submitter = e.submitter as HTMLButtonElement | null;
    const q = this.pending?.question;
    if (!q || !submitter || submitter.value !== 'ok') return;
    const input = byId<HTMLTextAreaElement>('dlg-input');
    if (q.label && q.required && !input.value.trim()) {
      e.preventDefault();
      byId('dlg-error').textContent = q.requiredMsg || this.requiredDefault;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }

  private onClose(): void {
    if (!this.pending || !this.dlg) return;
    const { question, resolve } = this.pending;
    this.pending = null;
    if (this.dlg.returnValue !== 'ok') return resolve(null);
    resolve(question.label ? byId<HTMLTextAreaElement>('dlg-input').value.trim() : true);
  }
}
