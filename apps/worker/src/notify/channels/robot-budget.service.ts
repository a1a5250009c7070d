import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';

export const ROBOT_BUDGET_REDIS = Symbol('ROBOT_BUDGET_REDIS');
/** The deployment's QUEUE_PREFIX: two deployments never share a robot's budget by accident. */
export const ROBOT_BUDGET_PREFIX = Symbol('ROBOT_BUDGET_PREFIX');
/** Window lengths; only tests shorten them. */
export const ROBOT_BUDGET_WINDOWS = Symbol('ROBOT_BUDGET_WINDOWS');

export interface BudgetWindows {
  minuteMs: number;
  secondMs: number;
}

/** The part of a destination the limiter needs. 0 = no limit. */
export interface RobotLimits {
  id: string;
  perMinute: number;
  perSecond: number;
}

export interface BudgetDecision {
  allowed: boolean;
  /** Messages left in the rolling minute after this call; null when unlimited. */
  remaining: number | null;
  /** When a message may go next (ms since epoch, Redis's clock); `now` when it may go at once. */
  nextFreeAt: number;
  /** Redis's clock at the decision: compare nextFreeAt with this, not with the local clock. */
  now: number;
}

/**
 * One sorted set per robot, a member per message sent, scored by Redis's own
 * clock (TIME), so every worker process shares one budget and one clock. A
 * member counts until a full window has passed since it (an entry exactly one
 * window old still counts), which keeps a robot at or under its limit in any
 * window of that length. A platform-imposed pause (DingTalk's 10 minutes) is
 * the member "pause", scored by its end. Modes: take, peek, pause.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local key, window, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local burstWindow, burstLimit, mode = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[6]
local pause = tonumber(redis.call('ZSCORE', key, 'pause') or '0')
if mode == 'pause' then
  pause = math.max(pause, now + tonumber(ARGV[7]))
  redis.call('ZADD', key, pause, 'pause')
  redis.call('PEXPIRE', key, math.max(window, pause - now) + 1000)
  return {0, -1, pause, now}
end
if pause > 0 and pause <= now then
  redis.call('ZREM', key, 'pause')
  pause = 0
end
redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. (now - window))
-- The pause, when set, is the highest score: skipped when counting messages.
local function nextFree()
  local skip = pause > 0 and 1 or 0
  local at = math.max(now, pause)
  local count = redis.call('ZCARD', key) - skip
  if limit > 0 and count >= limit then
    local e = redis.call('ZREVRANGE', key, limit - 1 + skip, limit - 1 + skip, 'WITHSCORES')
    at = math.max(at, tonumber(e[2]) + window + 1)
  end
  if burstLimit > 0 and redis.call('ZCOUNT', key, now - burstWindow, '+inf') - skip >= burstLimit then
    local e = redis.call('ZREVRANGE', key, burstLimit - 1 + skip, burstLimit - 1 + skip, 'WITHSCORES')
    at = math.max(at, tonumber(e[2]) + burstWindow + 1)
  end
  return at, count
end
local at, count = nextFree()
local allowed = at <= now and 1 or 0
if allowed == 1 and mode == 'take' then
  redis.call('ZADD', key, now, now .. ':' .. ARGV[5])
  redis.call('PEXPIRE', key, math.max(window, pause - now) + 1000)
  at, count = nextFree()
end
local remaining = -1
if limit > 0 then remaining = math.max(0, limit - count) end
return {allowed, remaining, at, now}
`;

type BudgetCommand = (key: string, ...args: (string | number)[]) => Promise<[number, number, number, number]>;

/**
 * The rate budget of each chat robot, shared by all worker processes through
 * Redis. `take` records a message when the budget allows it, atomically; a
 * caller refused keeps the lead for the robot's next digest, sent when
 * `nextFreeAt` comes.
 */
@Injectable()
export class RobotBudgetService {
  private readonly windows: BudgetWindows;

  constructor(
    @Inject(ROBOT_BUDGET_REDIS) private readonly redis: Redis,
    @Inject(ROBOT_BUDGET_PREFIX) private readonly prefix: string,
    @Optional() @Inject(ROBOT_BUDGET_WINDOWS) windows?: BudgetWindows,
  ) {
    this.windows = windows ?? { minuteMs: 60_000, secondMs: 1_000 };
    if (!('robotBudget' in redis)) redis.defineCommand('robotBudget', { numberOfKeys: 1, lua: SCRIPT });
  }

  key(robotId: string): string {
    return `${this.prefix}:robot-budget:${robotId}`;
  }

  /** Records one message if the budget allows it now. */
  take(robot: RobotLimits): Promise<BudgetDecision> {
    return this.run(robot, 'take');
  }

  /** The budget as it stands, recording nothing (for the metric and the admin page). */
  peek(robot: RobotLimits): Promise<BudgetDecision> {
    return this.run(robot, 'peek');
  }

  /** The platform said "too fast": nothing more goes to this robot for `ms`. */
  pause(robot: RobotLimits, ms: number): Promise<BudgetDecision> {
    return this.run(robot, 'pause', Math.max(0, Math.ceil(ms)));
  }

  private async run(robot: RobotLimits, mode: 'take' | 'peek' | 'pause', pauseMs = 0): Promise<BudgetDecision> {
    const command = (this.redis as unknown as { robotBudget: BudgetCommand }).robotBudget.bind(this.redis);
    const [allowed, remaining, nextFreeAt, now] = await command(
      this.key(robot.id),
      this.windows.minuteMs,
      robot.perMinute,
      this.windows.secondMs,
      robot.perSecond,
      randomUUID(),
      mode,
      pauseMs,
    );
    return { allowed: allowed === 1, remaining: remaining < 0 ? null : remaining, nextFreeAt, now };
  }
}
