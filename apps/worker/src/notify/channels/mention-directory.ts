import { Injectable } from '@nestjs/common';
import type { StaffContact } from '../../data/staff-account';
import { StaffRepository } from '../../data/staff.repository';

/**
 * Who a robot message names and mentions: the task owner's display name and
 * mobile (or the active managers' mobiles), from our own staff accounts
 * (never visitor text). A departed owner is named but not mentioned; the
 * channels drop mentions the platform cannot take (and invalid numbers,
 * chat-message.ts).
 */
@Injectable()
export class MentionDirectory {
  constructor(private readonly staff: StaffRepository) {}

  /** The owner's account, or null for nobody (or a login with no account). */
  ownerOf(assignee: string | null | undefined): Promise<StaffContact | null> {
    return this.staff.contact(assignee);
  }

  /** Mobiles to mention for `owner`: theirs while they are active, else none. */
  mobilesOf(owner: StaffContact | null): string[] {
    return owner?.active && owner.mobile ? [owner.mobile] : [];
  }

  /** Mobiles of every active manager: whom a lead that ran out of re-routes is put before. */
  managerMobiles(): Promise<string[]> {
    return this.staff.managerMobiles();
  }
}
