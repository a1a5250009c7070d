/**
 * Who a lead may go to when it changes hands (a silent owner's re-route, a
 * leaver's hand-over): the candidates in the lead's team when any of them
 * is, everyone otherwise. A lead routed to no team, to a team since emptied,
 * or whose team has nobody left to take it, is never left without an owner
 * for want of a team-mate. The candidates' order (the round-robin order) is kept.
 */
export function preferTeam(candidates: readonly string[], team: ReadonlySet<string> | null): readonly string[] {
  if (!team || team.size === 0) return candidates;
  const inTeam = candidates.filter((login) => team.has(login));
  return inTeam.length > 0 ? inTeam : candidates;
}

/** An eligible colleague with the ids of their teams. */
export interface EligibleMember {
  login: string;
  teams: readonly number[];
}

/**
 * Each task's new owner in a hand-over: by its turn (a value of the shared
 * round-robin sequence), among the eligible members of the task's team when
 * there are any, else among everyone eligible.
 */
export function handOverOwners(
  tasks: readonly { teamId: number | null }[],
  eligible: readonly EligibleMember[],
  turns: readonly bigint[],
): string[] {
  const everyone = eligible.map((e) => e.login);
  return tasks.map((task, i) => {
    const team =
      task.teamId === null ? null : new Set(eligible.filter((e) => e.teams.includes(task.teamId!)).map((e) => e.login));
    const pool = preferTeam(everyone, team);
    return pool[Number(turns[i] % BigInt(pool.length))];
  });
}
