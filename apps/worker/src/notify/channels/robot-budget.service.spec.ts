import type { Redis } from 'ioredis';
import { RobotBudgetService, type RobotLimits } from './robot-budget.service';

type Reply = [number, number, number, number];

/**
 * A Redis client that records what the budget script is called with and
 * answers what a spec tells it: the script's own arithmetic runs against a
 * real Redis in test/e2e/robot-budget.e2e-spec.ts.
 */
class ScriptRedis {
  readonly defined: { name: string; numberOfKeys: number; lua: string }[] = [];
  readonly calls: (string | number)[][] = [];
  replies: Reply[] = [];

  defineCommand(name: string, def: { numberOfKeys: number; lua: string }): void {
    this.defined.push({ name, ...def });
    (this as unknown as Record<string, unknown>)[name] = async (...args: (string | number)[]) => {
      this.calls.push(args);
      const reply = this.replies.shift();
      if (!reply) throw new Error('no reply queued');
      return reply;
    };
  }

  asRedis(): Redis {
    return this as unknown as Redis;
  }
}

describe('RobotBudgetService', () => {
  const robot: RobotLimits = { id: 'dingtalk-sales', perMinute: 20, perSecond: 3 };
  let redis: ScriptRedis;

  beforeEach(() => {
    redis = new ScriptRedis();
  });

  it('defines its script once per client, however many services share it', () => {
    new RobotBudgetService(redis.asRedis(), 'leads');
    new RobotBudgetService(redis.asRedis(), 'leads');
    expect(redis.defined).toHaveLength(1);
    expect(redis.defined[0]).toMatchObject({ name: 'robotBudget', numberOfKeys: 1 });
    expect(redis.defined[0].lua).toContain("redis.call('TIME')");
  });

  it("keys each robot's budget under the deployment's prefix", () => {
    expect(new RobotBudgetService(redis.asRedis(), 'leads-staging').key('wecom-1')).toBe('leads-staging:robot-budget:wecom-1');
  });

  it('asks the script to take one message with the minute and second limits and the default windows', async () => {
    const budget = new RobotBudgetService(redis.asRedis(), 'leads');
    redis.replies.push([1, 19, 5_000, 5_000]);
    expect(await budget.take(robot)).toEqual({ allowed: true, remaining: 19, nextFreeAt: 5_000, now: 5_000 });
    const [key, minuteMs, perMinute, secondMs, perSecond, member, mode, pauseMs] = redis.calls[0];
    expect({ key, minuteMs, perMinute, secondMs, perSecond, mode, pauseMs }).toEqual({
      key: 'leads:robot-budget:dingtalk-sales',
      minuteMs: 60_000,
      perMinute: 20,
      secondMs: 1_000,
      perSecond: 3,
      mode: 'take',
      pauseMs: 0,
    });
    // Each message is its own member, so two sent in one millisecond both count.
    redis.replies.push([1, 18, 5_000, 5_000]);
    await budget.take(robot);
    expect(redis.calls[1][5]).not.toBe(member);
  });

  it('reads a refusal with the moment the robot frees up, and "no limit" as remaining null', async () => {
    const budget = new RobotBudgetService(redis.asRedis(), 'leads');
    redis.replies.push([0, 0, 65_001, 10_000], [1, -1, 10_000, 10_000]);
    expect(await budget.take(robot)).toEqual({ allowed: false, remaining: 0, nextFreeAt: 65_001, now: 10_000 });
    expect(await budget.take({ id: 'webhook', perMinute: 0, perSecond: 0 })).toEqual({
      allowed: true,
      remaining: null,
      nextFreeAt: 10_000,
      now: 10_000,
    });
  });

  it('peeks and pauses in their own modes, with the pause rounded up to whole milliseconds and never negative', async () => {
    const budget = new RobotBudgetService(redis.asRedis(), 'leads', { minuteMs: 1_000, secondMs: 250 });
    redis.replies.push([1, 20, 0, 0], [0, -1, 600_000, 0], [0, -1, 600_000, 0]);
    await budget.peek(robot);
    await budget.pause(robot, 599_999.2);
    await budget.pause(robot, -5);
    expect(redis.calls.map((c) => [c[1], c[3], c[6], c[7]])).toEqual([
      [1_000, 250, 'peek', 0],
      [1_000, 250, 'pause', 600_000],
      [1_000, 250, 'pause', 0],
    ]);
  });

  it('passes a Redis error to the caller (the job retries)', async () => {
    const budget = new RobotBudgetService(redis.asRedis(), 'leads');
    await expect(budget.take(robot)).rejects.toThrow('no reply queued');
  });
});
