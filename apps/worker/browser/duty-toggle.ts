import type { ApiClient } from './api-client';
import type { BoardContext } from './board-data';
import type { TaskActionRunner } from './task-action-runner';
import { toast } from './toast';

/**
 * The signed-in person's on-duty switch (#on-duty, rendered only for an
 * account that receives leads): it says its state (值班中 / 休息中) and
 * what that means, and sends PATCH /admin/staff/<me> {onDuty}, which anyone
 * may send for themselves. Round robin only gives new leads to people on duty.
 */
export function startDutyToggle(ctx: BoardContext, api: ApiClient, runner: TaskActionRunner, onChanged: () => void): void {
  const button = document.getElementById('on-duty') as HTMLButtonElement | null;
  const state = document.getElementById('duty-state');
  const word = button?.querySelector('.duty-word');
  if (!button || !state || !word) return;
  const login = button.getAttribute('data-login') || ctx.me.name;

  function show(on: boolean): void {
    button!.setAttribute('aria-checked', on ? 'true' : 'false');
    word!.textContent = on ? ctx.text.onDuty : ctx.text.offDuty;
    state!.textContent = on ? ctx.text.onDutyHint : ctx.text.offDutyHint;
    state!.classList.toggle('off', !on);
  }

  button.addEventListener('click', () => {
    const want = button.getAttribute('aria-checked') !== 'true';
    button.disabled = true;
    api
      .setOnDuty(login, want)
      .then((answer) => {
        const on = answer?.staff?.onDuty ?? want;
        ctx.me = { ...ctx.me, onDuty: on };
        show(on);
        toast(on ? ctx.text.onDutyOn : ctx.text.onDutyOff);
        onChanged();
      })
      .catch((err: unknown) => toast(runner.failureMessage(err), true))
      .finally(() => {
        button.disabled = false;
      });
  });
}
