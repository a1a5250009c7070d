import type { SendMailOptions } from 'nodemailer';
import { t } from '@app/contracts';
import { senderDomain } from './email-fields';

/** One task the new owner received: only ids, no visitor data. */
export interface HandoverTask {
  taskId: string;
  leadId: string;
}

/**
 * "These customers are yours now": plain text to the new owner, in both
 * languages, with the board path of each lead (no visitor data in it). The
 * Message-ID is the hand-over's and the owner's, so a retried send folds.
 */
export function buildHandoverEmail(
  to: { login: string; email: string },
  from: { login: string; name: string },
  tasks: HandoverTask[],
  settings: { from: string; handoverId: string },
): SendMailOptions {
  const who = `${from.name} (${from.login})`;
  const lines = tasks.map((task) => `- /admin/board/leads/${task.leadId}`);
  return {
    from: settings.from,
    to: to.email,
    subject: t('zh', 'staff.handover.subject', { count: tasks.length, from: who }),
    messageId: `<handover-${settings.handoverId}-${to.login}@${senderDomain(settings.from)}>`,
    text: [t('zh', 'staff.handover.body', { from: who }), t('en', 'staff.handover.body', { from: who }), '', ...lines, ''].join(
      '\n',
    ),
    headers: { 'X-Lead-Notice': 'handover' },
  };
}
