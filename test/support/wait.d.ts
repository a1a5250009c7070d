/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void>;

/** Polls `probe` every 100 ms until it returns something truthy; throws with `label` after `timeoutMs`. */
export function waitFor<T>(
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs: number,
  label?: string,
): Promise<T>;
