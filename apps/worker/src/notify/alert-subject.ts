import type { FollowUpTask } from '../data/follow-up-task';
import type { Lead } from '../data/lead';
import type { AlertLead, AlertTask } from './channels/chat-channel';

/** The part of a stored lead an alert shows. */
export function alertLead(lead: Lead): AlertLead {
  return {
    id: lead.id,
    name: lead.name,
    company: lead.company,
    phone: lead.phone,
    email: lead.email,
    requirement: lead.requirement,
    receivedAt: lead.receivedAt,
  };
}

/** The task as an alert shows it; `assigneeName` is the owner's display name when known. */
export function alertTask(
  task: Pick<FollowUpTask, 'id' | 'status' | 'assignee' | 'dueAt'>,
  assigneeName?: string | null,
): AlertTask {
  return { id: task.id, status: task.status, assignee: task.assignee, assigneeName: assigneeName ?? null, dueAt: task.dueAt };
}
