'use strict';
/**
 * bench/data.js's command line: the sizes to measure (the growth curve, or
 * one --leads N) and where each size's database comes from: a URL given for
 * it, a kept database named after it (--reuse), or one made for this run.
 */
const { parseArgs } = require('node:util');

const DEFAULT_SIZES = '10000,100000,1000000';
const PER_SIZE_URL = /^--database-url-(\d+)(?:=(.*))?$/;

const usage = (message) => new Error(`${message} (see --help)`);

/** `--database-url-<size> URL` (or `=URL`): one flag per size, which parseArgs cannot declare, so taken out first. */
function perSizeUrls(argv) {
  const urls = new Map();
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const m = PER_SIZE_URL.exec(argv[i]);
    if (!m) {
      rest.push(argv[i]);
      continue;
    }
    const url = m[2] !== undefined ? m[2] : argv[++i];
    if (!url || url.startsWith('--')) throw usage(`--database-url-${m[1]} needs a URL`);
    urls.set(Number(m[1]), url);
  }
  return { urls, rest };
}

function sizeList(text, flag) {
  const sizes = text.split(',').map((part) => Number(part.trim()));
  if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 1000)) {
    throw usage(`${flag} takes lead counts of at least 1000, comma-separated`);
  }
  if (new Set(sizes).size !== sizes.length) throw usage(`${flag} names a size twice`);
  return sizes.sort((a, b) => a - b);
}

/** The options, or null after printing `help` (the script's head comment) when --help was asked. */
function dataOptions(argv, help, defaultOut) {
  const { urls, rest } = perSizeUrls(argv);
  const { values } = parseArgs({
    args: rest,
    options: {
      sizes: { type: 'string' },
      leads: { type: 'string' },
      'database-url': { type: 'string' },
      reuse: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '3' },
      batch: { type: 'string', default: '200' },
      requests: { type: 'string', default: '15' },
      out: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(help);
    return null;
  }
  const num = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw usage(`--${name} must be an integer >= ${min}`);
    return n;
  };
  if (values.sizes !== undefined && values.leads !== undefined) throw usage('give --sizes or --leads, not both');
  const sizes =
    values.leads !== undefined ? sizeList(values.leads, '--leads') : sizeList(values.sizes ?? DEFAULT_SIZES, '--sizes');
  if (values['database-url']) {
    if (sizes.length !== 1) throw usage('--database-url is for one size: use --database-url-<size> with --sizes');
    urls.set(sizes[0], values['database-url']);
  }
  for (const size of urls.keys()) {
    if (!sizes.includes(size)) throw usage(`--database-url-${size}: ${size} is not one of the sizes (${sizes.join(', ')})`);
  }
  return {
    sizes,
    urls,
    reuse: values.reuse,
    rounds: num('rounds', 1),
    batch: num('batch', 2),
    requests: num('requests', 1),
    concurrency: 20,
    out: values['no-write'] ? null : values.out || defaultOut,
    keep: values.keep,
  };
}

module.exports = { dataOptions };
