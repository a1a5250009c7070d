import { CAPPED_EXPONENTIAL_BACKOFF, jobDefaults, type JobTuning, QueueName } from './queues';

const tuning: JobTuning = {
  intakeAttempts: 7,
  alertAttempts: 9,
  backoffBaseMs: 250,
  completedMaxAgeSeconds: 60,
  failedMaxAgeDays: 2,
};

describe('jobDefaults', () => {
  it('gives intake jobs the intake attempts, the capped backoff and retention by age', () => {
    expect(jobDefaults(QueueName.LeadIntake, tuning)).toEqual({
      attempts: 7,
      backoff: { type: CAPPED_EXPONENTIAL_BACKOFF, delay: 250 },
      removeOnComplete: { age: 60 },
      removeOnFail: { age: 2 * 24 * 3600 },
    });
  });

  it('gives email and channel alerts the alert attempts', () => {
    for (const queue of [QueueName.LeadNotify, QueueName.LeadChannels]) {
      expect(jobDefaults(queue, tuning)).toMatchObject({ attempts: 9, backoff: { delay: 250 } });
    }
  });

  it('runs maintenance once and keeps only the last few', () => {
    expect(jobDefaults(QueueName.Maintenance, tuning)).toEqual({
      attempts: 1,
      removeOnComplete: { count: 10 },
      removeOnFail: { count: 50 },
    });
  });
});
