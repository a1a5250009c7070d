/**
 * Fastify's `trustProxy` from TRUST_PROXY: empty trusts no proxy (the socket
 * address is the client, so a forged X-Forwarded-For changes nothing); a
 * number trusts that many hops; otherwise a list of proxy IPs or CIDRs.
 */
export function trustProxySetting(value: string): boolean | string[] | ((addr: string, hop: number) => boolean) {
  const v = value.trim();
  if (v === '' || v === '0' || v.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(v)) {
    // Trust exactly N hops: X-Forwarded-For entries added before the
    // nearest N proxies (i.e. by the client itself) are never believed.
    const hops = Number(v);
    return (_addr: string, hop: number) => hop < hops;
  }
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
