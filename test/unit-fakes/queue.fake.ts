import type { Queue } from 'bullmq';

export type FakeJobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'unknown';

/** A BullMQ job in memory: its state, data and what was done to it. */
export class FakeJob {
  retried = 0;
  removed = false;

  constructor(
    readonly queue: FakeQueue,
    readonly id: string,
    readonly name: string,
    public data: unknown,
    readonly opts: Record<string, unknown> = {},
    public state: FakeJobState = 'waiting',
  ) {}

  async getState(): Promise<FakeJobState> {
    return this.state;
  }

  async isActive(): Promise<boolean> {
    return this.state === 'active';
  }

  async retry(from: string): Promise<void> {
    if (from !== this.state) throw new Error(`job ${this.id} is ${this.state}, not ${from}`);
    this.retried++;
    this.state = 'waiting';
  }

  async updateData(data: unknown): Promise<void> {
    this.data = data;
  }

  async remove(): Promise<void> {
    // BullMQ refuses to remove a locked (active) job.
    if (this.state === 'active') throw new Error(`job ${this.id} is locked`);
    this.removed = true;
    this.queue.jobs.delete(this.id);
  }
}

/**
 * A BullMQ queue in memory, with BullMQ's rule that matters to producers:
 * adding a job whose id exists (whatever its state) adds nothing.
 */
export class FakeQueue {
  readonly jobs = new Map<string, FakeJob>();
  /** Every add call, including the ones that added nothing. */
  readonly added: { name: string; data: unknown; opts: Record<string, unknown> }[] = [];
  private seq = 0;

  constructor(readonly name = 'queue') {}

  /** A job as a spec needs it before the code runs. */
  put(id: string, state: FakeJobState, data: unknown = {}, name = 'job'): FakeJob {
    const job = new FakeJob(this, id, name, data, {}, state);
    this.jobs.set(id, job);
    return job;
  }

  async add(name: string, data: unknown, opts: Record<string, unknown> = {}): Promise<FakeJob> {
    this.added.push({ name, data, opts });
    const id = (opts.jobId as string | undefined) ?? String(++this.seq);
    const existing = this.jobs.get(id);
    if (existing) return existing;
    const job = new FakeJob(this, id, name, data, opts, opts.delay ? 'delayed' : 'waiting');
    this.jobs.set(id, job);
    return job;
  }

  async addBulk(jobs: { name: string; data: unknown; opts?: Record<string, unknown> }[]): Promise<FakeJob[]> {
    return Promise.all(jobs.map((j) => this.add(j.name, j.data, j.opts)));
  }

  async getJob(id: string): Promise<FakeJob | undefined> {
    return this.jobs.get(id);
  }

  async getFailed(start = 0, end = -1): Promise<FakeJob[]> {
    const failed = [...this.jobs.values()].filter((j) => j.state === 'failed');
    return failed.slice(start, end < 0 ? undefined : end + 1);
  }

  asQueue(): Queue {
    return this as unknown as Queue;
  }
}
