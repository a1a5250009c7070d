/** A free TCP port on 127.0.0.1, as the OS hands it out. */
export function freePort(): Promise<number>;
