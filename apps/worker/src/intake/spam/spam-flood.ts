/** Fewer leads than this in the window say nothing about a flood, however many were held. */
export const SPAM_FLOOD_MIN_LEADS = 10;
/** The window the share is taken over, in one-minute buckets. */
export const SPAM_FLOOD_WINDOW_MINUTES = 10;

/** Whether the gateways should ask for a captcha: over half of the recent leads quarantined. */
export function spamFlood(leads: number, quarantined: number): boolean {
  return leads >= SPAM_FLOOD_MIN_LEADS && quarantined * 2 > leads;
}
