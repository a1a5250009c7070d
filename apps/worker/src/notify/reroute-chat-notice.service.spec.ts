import { aLead } from '../../../../test/unit-fakes/lead.fixture';
import { aMember, InMemoryStaff } from '../../../../test/unit-fakes/staff.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import type { FollowUpTask } from '../data/follow-up-task';
import type { RerouteRepository, RerouteStepEvent } from '../data/reroute.repository';
import { alertLead } from './alert-subject';
import { MentionDirectory } from './channels/mention-directory';
import { isRerouteStep, RerouteChatNotices } from './reroute-chat-notice.service';

describe('RerouteChatNotices', () => {
  const lead = alertLead(aLead());
  const task = {
    id: 'task-1',
    leadId: lead.id,
    status: 'open',
    assignee: 'zhao',
    dueAt: new Date(),
    reroutes: 2,
  } as FollowUpTask;
  let events: Map<number, RerouteStepEvent>;
  let notices: RerouteChatNotices;

  beforeEach(() => {
    events = new Map([
      [1, { from: 'li', to: 'wang' }],
      [2, { from: 'wang', to: 'zhao' }],
    ]);
    const staff = new InMemoryStaff(
      aMember('li', { displayName: '李雷', mobile: '13800138000' }),
      aMember('wang', { displayName: '王芳', mobile: '13900139000', active: false }),
      aMember('zhao', { displayName: '赵六', mobile: '13500135000' }),
      aMember('boss', { role: 'manager', mobile: '13700137000' }),
      aMember('admin', { role: 'admin', mobile: '13300133000' }),
    );
    notices = new RerouteChatNotices(
      { stepEvent: async (_t: string, step: number) => events.get(step) ?? null } as unknown as RerouteRepository,
      new MentionDirectory(staff.asRepository()),
      workerConfig({ CLAIM_WITHIN_MINUTES: '10' }),
    );
  });

  const step = (n: string) => ({ channel: 'dingtalk', kind: 'assigned', taskId: 'task-1', step: n, destination: 'r' }) as const;

  it("names each step's own people, whoever holds the task now, and mentions its new owner", async () => {
    expect(await notices.noticeFor(step('2'), lead, task)).toEqual({
      kind: 'rerouted',
      lead,
      task: expect.objectContaining({ assignee: 'zhao', assigneeName: '赵六' }),
      step: 2,
      from: { login: 'wang', name: '王芳' },
      minutes: 10,
      mentionMobiles: ['13500135000'],
    });
    // Step 1's new owner has left since: named, not mentioned.
    expect(await notices.noticeFor(step('1'), lead, task)).toMatchObject({
      task: { assignee: 'wang', assigneeName: '王芳' },
      from: { login: 'li', name: '李雷' },
      mentionMobiles: [],
    });
    expect(await notices.noticeFor(step('3'), lead, task)).toBeNull();
  });

  it('at the limit names the owner who keeps the lead and mentions the active managers only', async () => {
    const key = { channel: 'feishu', kind: 'reroute-limit', taskId: 'task-1', destination: 'r' } as const;
    expect(await notices.noticeFor(key, lead, task)).toMatchObject({
      kind: 'reroute-limit',
      count: 2,
      task: { assignee: 'zhao', assigneeName: '赵六' },
      mentionMobiles: ['13700137000'],
    });
  });

  it('takes only numbered steps: arrival and hand-over notices are email only', () => {
    expect(['1', '12'].map(isRerouteStep)).toEqual([true, true]);
    expect(['arrival', 'h-1', '0', '', '01', '1e3'].map(isRerouteStep)).toEqual([false, false, false, false, false, false]);
  });
});
