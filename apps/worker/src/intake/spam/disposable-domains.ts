import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';

let domains: Set<string> | null = null;

/** Whether a mail domain is a throwaway mailbox, by the maintained list (read once; the package rebuilds its set per call). */
export function isDisposableDomain(domain: string): boolean {
  domains ??= disposableEmailBlocklistSet();
  return domains.has(domain.trim().toLowerCase());
}
