import { t, type Lang } from '@app/contracts';
import type { StaffWithWorkload } from './staff.controller';

/** The question the staff page asks before 停用并交接 acts: who, what happens to their tasks, and how to undo it. */
export interface DeactivateConfirm {
  login: string;
  title: string;
  /** The consequences, one sentence each. */
  lines: string[];
  /** The successor's login, sent again with the confirmation (empty: round robin). */
  successor: string;
  /** False when the hand-over would be refused (tasks and nobody to take them): the page says why and offers only "cancel". */
  possible: boolean;
}

const listJoin = (lang: Lang) => t(lang, 'staff.audit.d.listJoin');

/**
 * The confirmation for deactivating `login` and handing their open tasks
 * to `successor` (or round robin over the colleagues on duty who receive
 * leads, as StaffRepository.deactivate does); null when there is no such
 * active account.
 */
export function deactivateConfirm(
  people: StaffWithWorkload[],
  login: string,
  successorLogin: string | null,
  lang: Lang,
): DeactivateConfirm | null {
  const leaver = people.find((p) => p.login === login && p.active);
  if (!leaver) return null;
  const name = leaver.name;
  const count = leaver.open + leaver.inProgress;
  const successor = successorLogin ? people.find((p) => p.login === successorLogin && p.active && p.login !== login) : null;
  const eligible = people.filter((p) => p.active && p.onDuty && p.receivesLeads && p.login !== login);
  const lines = [t(lang, 'staff.confirm.signOut', { name }), t(lang, 'staff.confirm.noLeads', { name })];
  let possible = true;
  if (count === 0) lines.push(t(lang, 'staff.confirm.noTasks', { name }));
  else if (successor)
    lines.push(t(lang, 'staff.confirm.toSuccessor', { count, successor: `${successor.name} (${successor.login})` }));
  else if (eligible.length > 0)
    lines.push(t(lang, 'staff.confirm.roundRobin', { count, names: eligible.map((p) => p.name).join(listJoin(lang)) }));
  else {
    lines.push(t(lang, 'staff.confirm.nobody', { count }));
    possible = false;
  }
  lines.push(t(lang, 'staff.confirm.undo'));
  return {
    login,
    title: t(lang, 'staff.confirm.title', { name: `${name} (${login})` }),
    lines,
    successor: successor?.login ?? '',
    possible,
  };
}
