'use strict';
/**
 * The load: autocannon posting distinct valid leads as JSON, each from its
 * own client address.
 *
 * The product rate-limits per client address (RATE_LIMIT_PER_MINUTE, 10 by
 * default), and every request of a load generator comes from 127.0.0.1. So
 * each request carries an X-Forwarded-For address of its own, from
 * 198.18.0.0/15 (the range RFC 2544 sets aside for benchmarks: a header
 * value only, nothing is sent there); the product run with its defaults
 * trusts it (TRUST_PROXY=127.0.0.1, as behind a reverse proxy on the same
 * host) and so pays for the rate limit check without rejecting anyone. The
 * other sides get the same header and ignore it.
 */
const autocannon = require('autocannon');

let leadCounter = 0;
const REQUIREMENT =
  '我们计划在华东地区的三个工厂部署工商业储能系统,单厂用电负荷约 2 MW,' +
  '希望了解整体方案、设备选型、报价和交付周期,并安排技术人员现场勘察。请尽快联系。';

function nextLead(tag, i) {
  return {
    name: `张伟${i}`,
    phone: `138${String(i % 1e8).padStart(8, '0')}`,
    email: `lead.${tag}.${i}@example.com`,
    company: `上海某某科技有限公司 ${i}`,
    requirement: `${REQUIREMENT}(编号 ${tag}-${i})`,
    consent: true,
    utm_source: 'bench',
    utm_medium: 'cpc',
    utm_campaign: tag,
  };
}

/** 131072 addresses: at 10 posts per minute each, the limit is reached only past ~1.3 million leads a minute. */
function clientAddress(i) {
  const n = i % 131072;
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

const HEADERS = { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'bench/1' };

/** Posts leads for `duration` seconds or `amount` requests; resolves with autocannon's result. */
function load(url, { connections, duration, amount, tag }) {
  return new Promise((resolve, reject) => {
    const opts = {
      url,
      connections,
      pipelining: 1,
      timeout: 10,
      requests: [
        {
          method: 'POST',
          path: '/api/leads',
          headers: HEADERS,
          setupRequest: (req) => {
            const i = ++leadCounter;
            return {
              ...req,
              headers: { ...HEADERS, 'x-forwarded-for': clientAddress(i) },
              body: JSON.stringify(nextLead(tag, i)),
            };
          },
        },
      ],
    };
    if (amount) opts.amount = amount;
    else opts.duration = duration;
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

module.exports = { load, nextLead };
