import { decideReroute } from './reroute-decision';
import { handOverOwners, preferTeam } from './team-pool';

const EVERYONE = ['chen', 'li', 'wang', 'zhao'];

describe('preferTeam', () => {
  it('keeps the team members among the candidates, in the round-robin order', () => {
    expect(preferTeam(EVERYONE, new Set(['zhao', 'li']))).toEqual(['li', 'zhao']);
  });

  it('falls back to everyone for no team, an empty team, or a team with nobody among the candidates', () => {
    expect(preferTeam(EVERYONE, null)).toEqual(EVERYONE);
    expect(preferTeam(EVERYONE, new Set())).toEqual(EVERYONE);
    expect(preferTeam(EVERYONE, new Set(['gone', 'off-duty']))).toEqual(EVERYONE);
  });
});

describe('handOverOwners', () => {
  const eligible = [
    { login: 'chen', teams: [1] },
    { login: 'li', teams: [2] },
    { login: 'wang', teams: [1, 2] },
    { login: 'zhao', teams: [] },
  ];

  it('turns round the task’s team, and round everyone for a task without a team or with nobody of it here', () => {
    const tasks = [{ teamId: 1 }, { teamId: 1 }, { teamId: 1 }, { teamId: null }, { teamId: 7 }];
    expect(handOverOwners(tasks, eligible, [0n, 1n, 2n, 3n, 6n])).toEqual(['chen', 'wang', 'chen', 'zhao', 'wang']);
  });

  it('never picks outside the team while anyone of it is eligible', () => {
    const tasks = Array.from({ length: 20 }, () => ({ teamId: 2 }));
    const owners = handOverOwners(
      tasks,
      eligible,
      tasks.map((_, i) => BigInt(i * 7 + 3)),
    );
    expect(new Set(owners)).toEqual(new Set(['li', 'wang']));
  });
});

describe('decideReroute with a team', () => {
  const base = { reroutes: 0, limit: 3, eligible: EVERYONE, turn: 5n };

  it('passes the lead to a team-mate who has not had it', () => {
    const team = new Set(['li', 'wang']);
    expect(decideReroute({ ...base, tried: new Set(['li']), team })).toEqual({ kind: 'reroute', to: 'wang' });
  });

  it('goes outside the team once every team-mate has had it', () => {
    const team = new Set(['li', 'wang']);
    const decision = decideReroute({ ...base, tried: new Set(['li', 'wang']), team });
    expect(decision).toEqual({ kind: 'reroute', to: 'zhao' });
  });
});
