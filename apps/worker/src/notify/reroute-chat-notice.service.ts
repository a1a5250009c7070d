import { Injectable } from '@nestjs/common';
import { InjectConfig, WorkerConfig } from '@app/config';
import type { FollowUpTask } from '../data/follow-up-task';
import type { LedgerKey } from '../data/ledger-key';
import { RerouteRepository } from '../data/reroute.repository';
import { alertTask } from './alert-subject';
import type { AlertLead, ChatNotice } from './channels/chat-channel';
import { MentionDirectory } from './channels/mention-directory';

/** A robot's or webhook's row of a re-route step (`assigned`, numbered step) or of the limit (`reroute-limit`). */
export type RerouteChannelKey = Extract<LedgerKey, { kind: 'assigned' | 'reroute-limit' }>;

/** Re-route steps are numbered; an owner's arrival or hand-over (`arrival`, `h-…`) is email only. */
export const isRerouteStep = (step: string): boolean => /^[1-9]\d{0,5}$/.test(step);

/**
 * What a robot or webhook is told about a re-route: the step's new owner
 * (mentioned by mobile, as reminders mention owners) and who did not
 * respond in time, read from the step's history event, so a message sent
 * after a later step still names the people of its own; at the limit, the
 * owner who keeps the lead and every active manager mentioned. Names and
 * mobiles come from our staff accounts only.
 */
@Injectable()
export class RerouteChatNotices {
  constructor(
    private readonly reroutes: RerouteRepository,
    private readonly mentions: MentionDirectory,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  /** null when the step is not in the task's history (nothing to say). */
  async noticeFor(key: RerouteChannelKey, lead: AlertLead, task: FollowUpTask): Promise<ChatNotice | null> {
    if (key.kind === 'reroute-limit') {
      const owner = await this.mentions.ownerOf(task.assignee);
      return {
        kind: 'reroute-limit',
        lead,
        task: alertTask(task, owner?.displayName),
        count: task.reroutes ?? 0,
        mentionMobiles: await this.mentions.managerMobiles(),
      };
    }
    const step = Number(key.step);
    const event = await this.reroutes.stepEvent(task.id, step);
    if (!event?.to) return null;
    const [from, to] = await Promise.all([this.mentions.ownerOf(event.from), this.mentions.ownerOf(event.to)]);
    return {
      kind: 'rerouted',
      lead,
      // The step's new owner, not whoever holds the task by the time this is sent.
      task: alertTask({ ...task, assignee: event.to }, to?.displayName),
      step,
      from: event.from ? { login: event.from, name: from?.displayName ?? null } : null,
      minutes: this.config.CLAIM_WITHIN_MINUTES,
      mentionMobiles: this.mentions.mobilesOf(to),
    };
  }
}
