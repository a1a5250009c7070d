import { Injectable } from '@nestjs/common';

/**
 * Who to mention in a reminder: the task assignee's mobile, from our own
 * staff data (never visitor text). Staff accounts carry no mobile yet, so
 * there is none to give; the channels drop mentions when the list is empty.
 */
@Injectable()
export class MentionDirectory {
  mobilesOf(_assignee: string | null): string[] {
    return [];
  }
}
