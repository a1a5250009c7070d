import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { WorkerMetrics } from '../../metrics/worker-metrics.service';
import { ChannelDirectory } from './channel-directory';
import { RobotBudgetService } from './robot-budget.service';

/** Each robot's remaining budget in the rolling minute, read (not taken) at scrape time. */
@Injectable()
export class RobotBudgetMetric {
  constructor(metrics: WorkerMetrics, directory: ChannelDirectory, budget: RobotBudgetService) {
    const robots = directory.all.filter((d) => d.perMinute > 0);
    new Gauge({
      name: 'robot_budget_remaining',
      help: 'Messages a chat robot may still get in the current rolling minute.',
      labelNames: ['robot', 'channel'],
      registers: [metrics.registry],
      async collect() {
        for (const robot of robots) {
          const decision = await budget.peek(robot);
          this.set({ robot: robot.id, channel: robot.channel }, decision.remaining ?? robot.perMinute);
        }
      },
    });
  }
}
