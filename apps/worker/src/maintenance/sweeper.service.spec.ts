import type { Queue } from 'bullmq';
import { QueueName } from '@app/contracts';
import { aLeadPayload } from '../../../../test/unit-fakes/lead-payload.fixture';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import type { DeadLetterRepository } from '../data/dead-letter.repository';
import type { NotificationRepository, StuckChannelRow } from '../data/notification.repository';
import type { ChannelProducer } from '../queue/channel-producer.service';
import type { NotifyProducer } from '../queue/notify-producer.service';
import { SweeperService } from './sweeper.service';

interface FakeJob {
  id: string;
  data: unknown;
  finishedOn?: number;
  state?: string;
  retried?: boolean;
}

describe('SweeperService', () => {
  const NOW = Date.now();
  let stuckAlerts: string[];
  let stuckRows: StuckChannelRow[];
  let longParked: boolean;
  let longBatched: string[];
  let jobs: Map<string, FakeJob>;
  let failed: FakeJob[];
  let buried: Set<string>;
  let redriven: string[];
  let channelRedriven: string[];
  let digests: string[];
  let service: SweeperService;

  beforeEach(() => {
    stuckAlerts = [];
    stuckRows = [];
    longParked = false;
    longBatched = [];
    jobs = new Map();
    failed = [];
    buried = new Set();
    redriven = [];
    channelRedriven = [];
    digests = [];
    const notifications = {
      stuckAlertLeadIds: async (stuck: number, failedMinutes: number) =>
        stuck === 10 && failedMinutes === 60 ? stuckAlerts : [],
      stuckChannelRows: async () => stuckRows,
      hasLongParkedAlert: async () => longParked,
      destinationsWithLongBatched: async () => longBatched,
    };
    const intake = {
      getJob: async (id: string) => {
        const job = jobs.get(id);
        return job && { ...job, getState: async () => job.state ?? 'completed' };
      },
      getFailed: async () =>
        failed.map((job) => ({
          ...job,
          retry: async (from: string) => {
            expect(from).toBe('failed');
            job.retried = true;
          },
        })),
    };
    const notify = {
      redriveAlert: async (leadId: string) => (redriven.push(leadId), leadId.endsWith('queued') ? 'in-queue' : 'queued'),
      scheduleDigest: async () => void digests.push('email'),
    };
    const channels = {
      redrive: async (row: { ledgerKey: string }) => (channelRedriven.push(row.ledgerKey), 'retried'),
      scheduleDigest: async (destination: string, at: number, delay: number) => {
        expect(delay).toBe(0);
        expect(at).toBeGreaterThanOrEqual(NOW);
        digests.push(destination);
      },
    };
    service = new SweeperService(
      notifications as unknown as NotificationRepository,
      {
        openJobIds: async (queue: string, ids: string[]) => {
          expect(queue).toBe(QueueName.LeadIntake);
          return new Set(ids.filter((id) => buried.has(id)));
        },
      } as unknown as DeadLetterRepository,
      intake as unknown as Queue,
      notify as unknown as NotifyProducer,
      channels as unknown as ChannelProducer,
      workerConfig({ ALERT_STUCK_MINUTES: '10', ALERT_REDRIVE_FAILED_MINUTES: '60' }),
      fakeLogger(),
    );
  });

  it('re-drives stuck alerts, except where the intake job still owns them or a job is queued already', async () => {
    stuckAlerts = ['lead-a', 'lead-b', 'lead-queued'];
    jobs.set('lead-b', { id: 'lead-b', data: {}, state: 'delayed' });
    const report = await service.sweep();
    expect(redriven).toEqual(['lead-a', 'lead-queued']);
    expect(report.alertsRedriven).toBe(1);
  });

  it('re-drives robot and webhook rows left without a job', async () => {
    stuckRows = [
      { key: 'dingtalk:new-lead:l1:r1', destination: 'r1' },
      { key: 'webhook:new-lead:l1:w1', destination: 'w1' },
    ];
    expect((await service.sweep()).channelRowsRedriven).toBe(2);
    expect(channelRedriven).toEqual(['dingtalk:new-lead:l1:r1', 'webhook:new-lead:l1:w1']);
  });

  it("books a digest when parked alerts or robots' held-back leads lost theirs", async () => {
    longParked = true;
    longBatched = ['r1', 'r2'];
    expect(await service.sweep()).toMatchObject({ digestScheduled: true, robotDigestsScheduled: 2 });
    expect(digests).toEqual(['email', 'r1', 'r2']);
  });

  it('retries intake jobs failed long enough ago, but never a dead letter, a recent failure or a broken payload', async () => {
    const old = NOW - 11 * 60_000;
    failed = [
      { id: 'old', data: aLeadPayload(), finishedOn: old },
      { id: 'recent', data: aLeadPayload(), finishedOn: NOW - 60_000 },
      { id: 'buried', data: aLeadPayload(), finishedOn: old },
      { id: 'broken', data: { v: 1, id: 'x' }, finishedOn: old },
    ];
    buried.add('buried');
    expect((await service.sweep()).intakeRetried).toBe(1);
    expect(failed.filter((j) => j.retried).map((j) => j.id)).toEqual(['old']);
  });

  it('reports nothing to do on a quiet system', async () => {
    expect(await service.sweep()).toEqual({
      alertsRedriven: 0,
      intakeRetried: 0,
      digestScheduled: false,
      channelRowsRedriven: 0,
      robotDigestsScheduled: 0,
    });
  });
});
