/**
 * Links staff follow to reach a customer or a lead: the board's lead page,
 * tel: and mailto:. Pure (no Node APIs), so the worker's emails, its board
 * views and the board's browser script build them the same way.
 */

/** The lead page of the staff board, as a path under the admin origin. */
export function leadPagePath(leadId: string): string {
  return `/admin/board/leads/${encodeURIComponent(leadId)}`;
}

/** The lead page as an absolute URL: `adminUrl` is PUBLIC_ADMIN_URL (no trailing slash). */
export function leadPageUrl(adminUrl: string, leadId: string): string {
  return `${adminUrl.replace(/\/+$/, '')}${leadPagePath(leadId)}`;
}

/**
 * A lead's phone action page behind the login (claim, log a contact, hand
 * to a colleague): what group messages open, since a group sees them and
 * they carry no personal token. A salesperson who may not see the lead is
 * refused as on its other pages.
 */
export function leadActionPath(leadId: string): string {
  return `/admin/leads/${encodeURIComponent(leadId)}/act`;
}

/** The action page as an absolute URL: `adminUrl` is PUBLIC_ADMIN_URL (no trailing slash). */
export function leadActionUrl(adminUrl: string, leadId: string): string {
  return `${adminUrl.replace(/\/+$/, '')}${leadActionPath(leadId)}`;
}

/** Only what a dialler understands: a leading + and digits; null when too little is left to call. */
export function telHref(phone: string): string | null {
  const cleaned = phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return /\d{3,}/.test(cleaned) ? `tel:${cleaned}` : null;
}

/** mailto: with the address percent-encoded except the @, so it cannot add headers (?cc=…). */
export function mailtoHref(email: string): string {
  return `mailto:${encodeURIComponent(email.trim()).replace(/%40/g, '@')}`;
}
