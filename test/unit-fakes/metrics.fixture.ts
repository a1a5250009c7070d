import type { Queue } from 'bullmq';
import { WorkerMetrics } from '../../apps/worker/src/metrics/worker-metrics.service';

/** Queue depths for the `queue_jobs` gauge: `counts` per queue name. */
export function depthQueue(name: string, counts: Record<string, number> = {}): Queue {
  return { name, getJobCounts: async () => counts } as unknown as Queue;
}

/** The real worker metrics (its own registry), over queues that report fixed depths. */
export function workerMetrics(counts: Record<string, Record<string, number>> = {}): WorkerMetrics {
  const [a, b, c, d] = ['lead-intake', 'lead-notify', 'maintenance', 'lead-channels'].map((n) => depthQueue(n, counts[n]));
  return new WorkerMetrics(a, b, c, d);
}

/**
 * One sample's value (null when absent): `name` as exposed (`x_total`,
 * `x_bucket`, `x_count`…) and exactly these labels (the default `app` label aside).
 */
export async function sample(
  metrics: WorkerMetrics,
  name: string,
  labels: Record<string, string | number> = {},
): Promise<number | null> {
  const family = name.replace(/_(bucket|count|sum)$/, '');
  const metric = metrics.registry.getSingleMetric(family) ?? metrics.registry.getSingleMetric(name);
  if (!metric) return null;
  const { values } = await metric.get();
  const wanted = Object.entries(labels).map(([k, v]) => [k, String(v)]);
  const found = values.find((v) => {
    const own = Object.entries(v.labels).filter(([k]) => k !== 'app');
    return (
      ((v as { metricName?: string }).metricName ?? family) === name &&
      own.length === wanted.length &&
      wanted.every(([k, val]) => String(v.labels[k]) === val)
    );
  });
  return found ? found.value : null;
}
