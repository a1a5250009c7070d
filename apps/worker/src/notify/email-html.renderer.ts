import { join } from 'node:path';
import type { Lang } from '@app/contracts';
import { Views } from '@app/views';
import type { EmailContact } from './email-contact';
import type { FieldRow } from './email-fields';

/** A section of a lead email: an optional heading and the table of its rows. */
export interface EmailSection {
  title?: string;
  /** A digest's lead: by when to call, the number and the lead page, above its fields. */
  contact?: EmailContact;
  rows: FieldRow[];
}

/** What every lead email's HTML part shows: a headline over one or more tables of fields. */
export interface LeadEmailModel {
  lang: Lang;
  headline: string;
  /** `urgent` shows the headline in red (reminders and escalations). */
  tone: 'normal' | 'urgent';
  /** Under the headline: by when to call, the number to tap and the lead page (staff emails about one lead). */
  contact?: EmailContact;
  sections: EmailSection[];
}

// One instance for the process: Eta compiles each template on first use and
// keeps it, so an alert costs a function call, not a parse.
const views = new Views(join(__dirname, 'views'));

/** The HTML part of an alert, digest, reminder or escalation: every value escaped by the template. */
export function renderLeadEmailHtml(model: LeadEmailModel): string {
  return views.render('lead-email', model);
}

/** What a hand-over email's HTML part shows: the intro lines, then each customer with their contact block. */
export interface HandoverEmailModel {
  lang: Lang;
  intro: string[];
  entries: { who: string; contact: EmailContact }[];
}

/** The HTML part of a hand-over email: every value escaped by the template. */
export function renderHandoverEmailHtml(model: HandoverEmailModel): string {
  return views.render('handover-email', model);
}
