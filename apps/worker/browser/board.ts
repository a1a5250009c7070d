/**
 * The staff board and lead page script (bundled into
 * dist/apps/worker/public/board.js, served at /admin/assets/board.js).
 *
 * Board (body[data-page=board]): loads GET /admin/tasks for the chosen tab,
 * ticks every countdown each second, refreshes the list every 30 s, and sends
 * claim / assign / note / done / reopen to PATCH /admin/tasks/:id.
 * Lead page (body[data-page=lead]): adds the countdown, local times and the
 * same actions plus resend and erase, reloading the page after each.
 *
 * Every value from the API reaches the page through textContent or
 * setAttribute, never innerHTML: a lead's name may well be "<script>".
 */
import { ApiClient } from './api-client';
import { contextOf, readBoardData } from './board-data';
import { startBoard } from './board-page';
import { tickCountdowns, tickFirstTouches } from './countdowns';
import { Dialog } from './dialog';
import { startLead } from './lead-page';
import { TaskActionRunner } from './task-action-runner';
import { TimeFormat } from './time-format';
import { showFlash } from './toast';

function main(): void {
  const data = readBoardData(document);
  if (!data) return;
  const ctx = contextOf(data);
  const format = new TimeFormat(ctx.text);
  const api = new ApiClient(ctx.text.network);
  const dialog = new Dialog(ctx.text.confirm, ctx.text.noteRequired);
  const runner = new TaskActionRunner(ctx, api, dialog);
  const tick = () => {
    tickCountdowns(document, ctx.text, format);
    tickFirstTouches(document, ctx.text);
  };

  format.localize(document);
  tick();
  setInterval(tick, 1000);
  showFlash();
  if (data.page === 'board') startBoard({ ctx, api, dialog, runner, format, tick });
  else if (data.page === 'lead')
    startLead({ ctx, api, dialog, runner, format, tick, leadId: data.leadId ?? null, task: data.task ?? null });
}

main();
