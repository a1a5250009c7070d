import type { FollowUpTask } from '../data/follow-up-task';
import type { Lead } from '../data/lead';
import type { AlertLead, AlertTask } from './channels/chat-channel';
import type { LeadAnswers } from './lead-answers';

/** The part of a stored lead an alert shows, with its form's answers when it has them. */
export function alertLead(lead: Lead, answers: LeadAnswers | null = null): AlertLead {
  return {
    id: lead.id,
    name: lead.name,
    company: lead.company,
    phone: lead.phone,
    email: lead.email,
    requirement: lead.requirement,
    receivedAt: lead.receivedAt,
    answers,
  };
}

/** The task as an alert shows it; `assigneeName` is the owner's display name when known. */
export function alertTask(
  task: Pick<FollowUpTask, 'id' | 'status' | 'assignee' | 'dueAt'>,
  assigneeName?: string | null,
): AlertTask {
  return { id: task.id, status: task.status, assignee: task.assignee, assigneeName: assigneeName ?? null, dueAt: task.dueAt };
}
