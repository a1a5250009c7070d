/** What came of a call or message to the customer: 已接通, 未接通, 号码错误, 已发消息. */
export const CONTACT_RESULTS = ['reached', 'no_answer', 'wrong_number', 'messaged'] as const;
export type ContactResult = (typeof CONTACT_RESULTS)[number];

const ACTION_PREFIX = 'contact-';

/**
 * The task-history action of an attempt: `contact-no-answer` and so on, so
 * the history shows it as any other step (its label is `action_contact_no_answer`).
 */
export function contactAction(result: ContactResult): string {
  return `${ACTION_PREFIX}${result.replace(/_/g, '-')}`;
}

/** The result a history action records, or null when the action is no contact attempt. */
export function contactResultOf(action: string): ContactResult | null {
  if (!action.startsWith(ACTION_PREFIX)) return null;
  const result = action.slice(ACTION_PREFIX.length).replace(/-/g, '_');
  return (CONTACT_RESULTS as readonly string[]).includes(result) ? (result as ContactResult) : null;
}
