import type { Provider } from '@nestjs/common';
import { APP_CONFIG } from '@app/config/config.module';
import { ChannelDestination, ChannelKind, parseDestinations, RobotNoticeKind } from '@app/config/channels-env';
import type { WorkerConfig } from '@app/config/env';

/** What a destination may be told about; `test` goes everywhere, from the admin page. */
export type DestinationNotice = RobotNoticeKind | 'resend' | 'task-updated';

/**
 * The configured robots and webhook receivers, parsed once at boot (a bad
 * entry stops the boot with a ConfigError naming it, masked), and which of
 * them wants which notice: robots what ROBOT_NOTICES lists, webhooks every
 * event about a lead or its task.
 */
export class ChannelDirectory {
  private readonly byId: Map<string, ChannelDestination>;

  constructor(
    readonly all: ChannelDestination[],
    private readonly robotNotices: readonly RobotNoticeKind[],
  ) {
    this.byId = new Map(all.map((d) => [d.id, d]));
  }

  get empty(): boolean {
    return this.all.length === 0;
  }

  find(id: string): ChannelDestination | undefined {
    return this.byId.get(id);
  }

  /** Destinations that get this notice; `channel` narrows them to one platform. */
  wanting(notice: DestinationNotice, channel?: ChannelKind): ChannelDestination[] {
    return this.all.filter((d) => (!channel || d.channel === channel) && this.wants(d, notice));
  }

  private wants(d: ChannelDestination, notice: DestinationNotice): boolean {
    if (d.channel === 'webhook') return notice !== 'digest';
    if (notice === 'task-updated') return false;
    // A resend repeats the new-lead alert, so it goes where that one goes.
    return this.robotNotices.includes(notice === 'resend' ? 'new-lead' : notice);
  }
}

export const channelDirectoryProvider: Provider = {
  provide: ChannelDirectory,
  inject: [APP_CONFIG],
  useFactory: (config: WorkerConfig) => new ChannelDirectory(parseDestinations(config), config.ROBOT_NOTICES),
};
