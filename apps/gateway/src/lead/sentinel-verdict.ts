/** One sentinel's view of the master group (`SENTINEL MASTER <name>`), its address already resolved. */
export interface SentinelView {
  /** `host:port` forms of the master it names (a hostname may resolve to several). */
  addresses: string[];
  /** `flags`, e.g. `master` or `s_down,o_down,master,failover_in_progress`. */
  flags: string[];
  configEpoch: number;
}

/** `SENTINEL MASTER` answers a flat `[field, value, field, value, …]` list. */
export function fieldsOf(reply: unknown): Map<string, string> {
  const fields = new Map<string, string>();
  if (!Array.isArray(reply)) return fields;
  for (let i = 0; i + 1 < reply.length; i += 2) fields.set(String(reply[i]), String(reply[i + 1]));
  return fields;
}

const TROUBLE = ['s_down', 'o_down', 'failover_in_progress'];

/**
 * Whether the sentinels vouch for `peer` (the node a job was just written
 * to) as the master that will keep it. Returns why not, or null.
 *
 * A majority naming it is not enough: the sentinel that leads a failover
 * switches first and the others learn it by gossip seconds later, and a
 * master resumed mid-failover (SIGSTOP, a long pause) still has replicas
 * attached that acknowledge its writes until they are moved. So any
 * sentinel reporting a failover in progress, or naming another master at
 * the newest config epoch, vetoes; a majority must name `peer` at that
 * epoch with no down flag. A sentinel that does not answer counts against.
 */
export function sentinelVerdict(peer: string, views: (SentinelView | null)[]): string | null {
  const answered = views.filter((v): v is SentinelView => v !== null);
  if (answered.some((v) => v.flags.includes('failover_in_progress'))) return 'a failover is in progress';
  const epoch = Math.max(-1, ...answered.map((v) => v.configEpoch));
  const newest = answered.filter((v) => v.configEpoch === epoch);
  if (newest.some((v) => !v.addresses.includes(peer))) return `a sentinel names another master than ${peer}`;
  const agreeing = newest.filter((v) => !v.flags.some((f) => TROUBLE.includes(f))).length;
  const majority = Math.floor(views.length / 2) + 1;
  if (agreeing < majority) return `${agreeing} of ${views.length} sentinels vouch for ${peer} as a healthy master`;
  return null;
}
