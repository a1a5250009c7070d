import { join } from 'node:path';
import type { Lang } from '@app/contracts';
import { Views } from '@app/views';
import type { FieldRow } from './email-fields';

/** A section of a lead email: an optional heading and the table of its rows. */
export interface EmailSection {
  title?: string;
  rows: FieldRow[];
}

/** What every lead email's HTML part shows: a headline over one or more tables of fields. */
export interface LeadEmailModel {
  lang: Lang;
  headline: string;
  /** `urgent` shows the headline in red (reminders and escalations). */
  tone: 'normal' | 'urgent';
  sections: EmailSection[];
}

// One instance for the process: Eta compiles each template on first use and
// keeps it, so an alert costs a function call, not a parse.
const views = new Views(join(__dirname, 'views'));

/** The HTML part of an alert, digest, reminder or escalation: every value escaped by the template. */
export function renderLeadEmailHtml(model: LeadEmailModel): string {
  return views.render('lead-email', model);
}
