import { byId, clear, el } from './dom';

/**
 * A pick-one question shown above the text field as a row of buttons, one
 * tap each (the outcome when a task is marked done).
 */
export interface Choice {
  label: string;
  /** The first option is the default; its value '' means "none chosen". */
  options: { value: string; text: string }[];
}

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
  choice?: Choice;
  /**
   * What is missing from the answer (the typed text, the option picked),
   * shown in the dialog instead of closing it; null when it is complete.
   * Replaces `required` for a question whose text is needed only sometimes.
   */
  missing?: (text: string, choice: string) => string | null;
}

/** What `askWithChoice` answers: the typed text and the option picked ('' for none). */
export interface ChoiceAnswer {
  text: string;
  choice: string;
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

  /** The question with its choice; null when cancelled. */
  async askWithChoice(question: Question & { choice: Choice; label: string }): Promise<ChoiceAnswer | null> {
    const text = await this.ask(question);
    if (typeof text !== 'string') return null;
    // Without <dialog> (the prompt fallback) there is no picker: nothing chosen.
    return { text, choice: this.dlg && question.choice ? this.picked() : '' };
  }

  ask(question: Question): Promise<string | true | null> {
    return new Promise((resolve) => {
      if (!this.dlg || typeof this.dlg.showModal !== 'function') {
        // A browser without <dialog>: the plain prompts still work.
        if (question.label) {
          const v = window.prompt((question.text ? question.text + '\n' : '') + question.label, '');
          // No picker here: the text alone has to make the answer complete.
          const empty = question.required || (question.missing && question.missing('', '') !== null);
          resolve(v === null ? null : v.trim() || (empty ? null : ''));
        } else resolve(window.confirm(question.text || question.title) ? true : null);
        return;
      }
      byId('dlg-title').textContent = question.title;
      const textEl = byId('dlg-text');
      textEl.textContent = question.text || '';
      textEl.hidden = !question.text;
      this.showChoice(question.choice);
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
      // The picked option, not the text: on a phone one tap answers, without the keyboard coming up.
      if (question.choice) this.pickedInput()?.focus();
      else if (question.label) input.focus();
      else (question.danger ? byId('dlg-cancel') : ok).focus();
    });
  }

  /** The options as radio buttons in labels: the whole label is the target, the first one picked. */
  private showChoice(choice: Choice | undefined): void {
    byId('dlg-choice-field').hidden = !choice;
    byId('dlg-choice-label').textContent = choice ? choice.label : '';
    const group = byId('dlg-choice');
    clear(group);
    (choice ? choice.options : []).forEach((option, i) => {
      const radio = el('input', { type: 'radio', name: 'dlg-choice', value: option.value });
      radio.checked = i === 0;
      radio.addEventListener('change', () => this.clearError());
      group.appendChild(el('label', { class: 'choice' }, radio, el('span', { text: option.text })));
    });
  }

  private pickedInput(): HTMLInputElement | null {
    return document.querySelector<HTMLInputElement>('#dlg-choice input[type=radio]:checked');
  }

  private picked(): string {
    return this.pickedInput()?.value ?? '';
  }

  private clearError(): void {
    byId('dlg-error').textContent = '';
    byId('dlg-input').removeAttribute('aria-invalid');
  }

  /** What the answer still lacks, in words; null when it is complete. */
  private problem(q: Question, text: string): string | null {
    if (q.missing) return q.missing(text, q.choice ? this.picked() : '');
    if (q.label && q.required && !text.trim()) return q.requiredMsg || this.requiredDefault;
    return null;
  }

  /** An answer that lacks something keeps the dialog open with the reason. */
  private onSubmit(e: SubmitEvent): void {
    const submitter = e.submitter as HTMLButtonElement | null;
    const q = this.pending?.question;
    if (!q || !submitter || submitter.value !== 'ok') return;
    const input = byId<HTMLTextAreaElement>('dlg-input');
    const problem = this.problem(q, input.value);
    if (problem) {
      e.preventDefault();
      byId('dlg-error').textContent = problem;
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
