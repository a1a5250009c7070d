import type { SendMailOptions } from 'nodemailer';
import { t } from '@app/contracts';
import type { HandedOverTask, StaffContact } from '../../leads/staff.repository';

/**
 * "These customers are yours now": plain text to the new owner, in both
 * languages, with the board path of each lead (no visitor data in it).
 */
export function buildHandoverEmail(
  to: StaffContact & { email: string },
  from: { login: string; name: string },
  tasks: HandedOverTask[],
  settings: { from: string },
): SendMailOptions {
  const who = `${from.name} (${from.login})`;
  const lines = tasks.map((task) => `- /admin/board/leads/${task.leadId}`);
  return {
    from: settings.from,
    to: to.email,
    subject: t('zh', 'staff.handover.subject', { count: tasks.length, from: who }),
    text: [t('zh', 'staff.handover.body', { from: who }), t('en', 'staff.handover.body', { from: who }), '', ...lines, ''].join(
      '\n',
    ),
    headers: { 'X-Lead-Notice': 'handover' },
  };
}
