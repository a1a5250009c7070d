import { sample, workerMetrics } from '../../../../test/unit-fakes/metrics.fixture';
import { SpeedMetrics } from './speed-metrics.service';

describe('SpeedMetrics', () => {
  it('puts first-touch times in the 5 min / 1 h / 24 h buckets', async () => {
    const registry = workerMetrics();
    const speed = new SpeedMetrics(registry);
    speed.firstTouched(120);
    speed.firstTouched(3000);
    speed.firstTouched(90_000);
    expect(await sample(registry, 'lead_first_touch_seconds_bucket', { le: 300 })).toBe(1);
    expect(await sample(registry, 'lead_first_touch_seconds_bucket', { le: 3600 })).toBe(2);
    expect(await sample(registry, 'lead_first_touch_seconds_bucket', { le: 86400 })).toBe(2);
    expect(await sample(registry, 'lead_first_touch_seconds_count')).toBe(3);
  });

  it('counts re-routed leads', async () => {
    const registry = workerMetrics();
    const speed = new SpeedMetrics(registry);
    speed.reroutedLead();
    speed.reroutedLead();
    expect(await sample(registry, 'leads_rerouted_total')).toBe(2);
  });
});
