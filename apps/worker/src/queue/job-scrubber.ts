import type { Job } from 'bullmq';

/**
 * Removes a job that carries a person's data, for erasure. A job being
 * processed is locked and cannot be removed; its stored data is replaced
 * instead (the running attempt finishes with what it has in memory, and a
 * retry would fail as an unreadable payload), so nothing personal stays in
 * Redis either way.
 */
export async function removeOrScrub(job: Job | undefined): Promise<'removed' | 'scrubbed' | 'absent'> {
  if (!job) return 'absent';
  try {
    await job.remove();
    return 'removed';
  } catch (err) {
    if (!(await job.isActive())) throw err;
    await job.updateData({ erased: true, id: job.id });
    return 'scrubbed';
  }
}
