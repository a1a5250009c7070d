import type { CaptchaMode } from '@app/config';

/** What Redis says about a form right now (see CaptchaService's counting script). */
export interface AttackSignals {
  /** Posts to the form in its current one-minute window, this one included. */
  posts: number;
  /** The form went over the trigger within the last minute. */
  recentlyOver: boolean;
  /** The worker reports most recent leads quarantined (`<prefix>:spam:under-attack`). */
  quarantineFlag: boolean;
}

/** Whether a post (or the page) needs a captcha. */
export function captchaRequired(mode: CaptchaMode, trigger: number, s: AttackSignals): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return s.posts > trigger || s.recentlyOver || s.quarantineFlag;
}
