/**
 * One full collection at the end of an app's boot. Loading ~1700 modules
 * and Nest's scan grow V8's young generation to its maximum (two 16 MB
 * semi-spaces by default) and leave garbage in the old space. V8's memory
 * reducer gives both back, but only once a full collection has armed it
 * (it then waits ~8 s and acts if the process is idle); a quiet app never
 * reaches one on its own and would keep ~30 MB for good. Apps keep V8's
 * full-size young generation for their work: a small fixed one
 * (`--max-semi-space-size`) means more scavenges and more objects promoted
 * under load.
 *
 * Needs `--expose-gc` (both `npm run start:*` scripts set it); without it,
 * nothing happens.
 */
export function releaseBootGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
