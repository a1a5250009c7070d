import type { LoginFailureCounts } from '../../data/login-failure.repository';

/** Let the attempt through now, after `delayMs`, or refuse it for `retryAfterSeconds`. */
export type ThrottleDecision = { refuse: false; delayMs: number } | { refuse: true; retryAfterSeconds: number };

/** An address failing this many times `max` (any logins) is refused too: one address trying many accounts. */
export const ADDRESS_FACTOR = 4;
/** The first slowed attempt waits this long; each further failure of the login doubles it, up to the cap. */
export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 4000;

/**
 * How to treat a login attempt, given the failures in the window (`max` is
 * LOGIN_MAX_FAILURES, 0 = off). Refusing is per login *and* address, so a
 * stranger failing on purpose shuts out only their own address, never the
 * account's owner elsewhere; an address failing across many accounts is
 * refused at ADDRESS_FACTOR × max. Failures of a login from everywhere only
 * slow every attempt on it down (guessing from many addresses gets
 * expensive), never lock it.
 */
export function decideLoginAttempt(counts: LoginFailureCounts, max: number): ThrottleDecision {
  if (max <= 0) return { refuse: false, delayMs: 0 };
  const waits: number[] = [];
  if (counts.pair >= max) waits.push(counts.pairWaitSeconds);
  if (counts.address >= max * ADDRESS_FACTOR) waits.push(counts.addressWaitSeconds);
  if (waits.length > 0) return { refuse: true, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits))) };
  if (counts.login < max) return { refuse: false, delayMs: 0 };
  const doublings = Math.min(counts.login - max, 16);
  return { refuse: false, delayMs: Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** doublings) };
}
