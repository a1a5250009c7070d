'use strict';
/**
 * How tests and the benchmark wait: a plain pause, and a bounded poll.
 * Plain CommonJS (typed by wait.d.ts) so the TypeScript suites and the
 * JavaScript bench (bench/) require the same code.
 */

/** Resolves after `ms`. */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` every 100 ms until it returns something truthy, or fails
 * after `timeoutMs` with `label` (and the probe's last error) in the message.
 * The only way tests wait for a condition: bounded, never a bare sleep.
 */
async function waitFor(probe, timeoutMs, label = 'condition') {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}${cause}`);
    }
    await sleep(100);
  }
}

module.exports = { sleep, waitFor };
