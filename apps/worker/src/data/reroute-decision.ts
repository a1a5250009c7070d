import type { BusinessHours } from './business-hours';
import { afterBusinessSeconds } from './business-seconds';
import { preferTeam } from './team-pool';

/**
 * When a touch is due: `claimMinutes` business minutes after `since` (a
 * lead assigned at night starts counting at the next opening); null when
 * CLAIM_WITHIN_MINUTES is 0 (off). The re-route check and the board's red
 * "not responded" mark both read it, so they never disagree.
 */
export function claimDeadline(since: Date, claimMinutes: number, hours: BusinessHours | null): Date | null {
  return claimMinutes > 0 ? afterBusinessSeconds(since, claimMinutes * 60, hours) : null;
}

/** Has the owner held the task past its claim deadline without touching it? */
export function isSilent(since: Date, now: Date, claimMinutes: number, hours: BusinessHours | null): boolean {
  const deadline = claimDeadline(since, claimMinutes, hours);
  return deadline !== null && now.getTime() >= deadline.getTime();
}

/** What to do with a silent owner's task. */
export type RerouteDecision = { kind: 'reroute'; to: string } | { kind: 'escalate'; reason: 'limit' | 'nobody' };

export interface RerouteState {
  /** Re-routes this task has had so far. */
  reroutes: number;
  limit: number;
  /** Everyone who may take a lead now (active, receives leads, on duty), in the round-robin order. */
  eligible: readonly string[];
  /** Who held this lead before (its current owner included). */
  tried: ReadonlySet<string>;
  /** The shared round-robin turn (a sequence value). */
  turn: bigint;
  /** The eligible members of the lead's team: preferred when any of them has not had it yet. */
  team?: ReadonlySet<string> | null;
}

/**
 * Passes the lead to the next person in turn who has not had it yet (a
 * member of the lead's team first, when one is left); after
 * `limit` re-routes, or with nobody left, the owner keeps it and the
 * managers are told instead.
 */
export function decideReroute(s: RerouteState): RerouteDecision {
  if (s.reroutes >= s.limit) return { kind: 'escalate', reason: 'limit' };
  const fresh = s.eligible.filter((login) => !s.tried.has(login));
  if (fresh.length === 0) return { kind: 'escalate', reason: 'nobody' };
  const pool = preferTeam(fresh, s.team ?? null);
  return { kind: 'reroute', to: pool[Number(s.turn % BigInt(pool.length))] };
}
