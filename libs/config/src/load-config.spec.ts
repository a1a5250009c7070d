import { ConfigError, loadConfig } from './load-config';
import { gatewayEnv, jobTuning, workerEnv } from './env';

/** The problems of a config that must not load. */
function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig(gatewayEnv)', () => {
  it('applies the documented defaults to an empty environment', () => {
    // toMatchObject: the schema grows with each issue; these are the values
    // DESIGN.md and the team spec name. CONSENT_REQUIRED is left out on
    // purpose: its default is still being decided.
    expect(loadConfig(gatewayEnv, {})).toMatchObject({
      NODE_ENV: 'development',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'leads',
      LOG_LEVEL: 'info',
      REDIS_REQUIRE_NOEVICTION: false,
      INTAKE_ATTEMPTS: 20,
      ALERT_ATTEMPTS: 20,
      JOB_BACKOFF_MS: 10000,
      COMPLETED_JOB_MAX_AGE_SECONDS: 3600,
      FAILED_JOB_MAX_AGE_DAYS: 14,
      GATEWAY_HOST: '0.0.0.0',
      GATEWAY_PORT: 3000,
      REDIS_TIMEOUT_MS: 2000,
      BODY_LIMIT_BYTES: 65536,
      CORS_ORIGINS: [],
      METRICS_PUBLIC: false,
    });
  });

  it('reads the values it is given, coercing numbers and booleans', () => {
    const c = loadConfig(gatewayEnv, {
      GATEWAY_PORT: '8080',
      REDIS_URL: 'rediss://:pw@redis.internal:6380/2',
      QUEUE_PREFIX: 'leads-staging',
      CONSENT_REQUIRED: 'false',
      METRICS_PUBLIC: 'off',
      LOG_LEVEL: 'warn',
    });
    expect(c).toMatchObject({
      GATEWAY_PORT: 8080,
      REDIS_URL: 'rediss://:pw@redis.internal:6380/2',
      QUEUE_PREFIX: 'leads-staging',
      CONSENT_REQUIRED: false,
      METRICS_PUBLIC: false,
      LOG_LEVEL: 'warn',
    });
  });

  it('treats empty and blank strings as unset (`FOO=` in an .env file means "default")', () => {
    const c = loadConfig(gatewayEnv, {
      GATEWAY_PORT: '',
      REDIS_URL: '   ',
      CONSENT_REQUIRED: '',
      METRICS_PUBLIC: ' ',
      CORS_ORIGINS: '',
    });
    const defaults = loadConfig(gatewayEnv, {});
    expect(c.GATEWAY_PORT).toBe(3000);
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(c.CONSENT_REQUIRED).toBe(defaults.CONSENT_REQUIRED);
    expect(c.METRICS_PUBLIC).toBe(defaults.METRICS_PUBLIC);
    expect(c.CORS_ORIGINS).toEqual([]);
  });

  it('keeps 0 where 0 is meaningful (a port of 0 lets tests pick a free one)', () => {
    expect(loadConfig(gatewayEnv, { GATEWAY_PORT: '0' }).GATEWAY_PORT).toBe(0);
  });

  it('normalizes CORS_ORIGINS to bare origins', () => {
    const c = loadConfig(gatewayEnv, {
      CORS_ORIGINS: ' https://www.youpower.com.cn/contact.html , HTTP://LOCALHOST:8080/ ,, https://youpower.com.cn:443/',
    });
    expect(c.CORS_ORIGINS).toEqual(['https://www.youpower.com.cn', 'http://localhost:8080', 'https://youpower.com.cn']);
  });

  it('refuses a CORS origin that is not a URL, naming the variable and the bad value', () => {
    // The operator must see which entry is wrong; an empty value in the
    // message would suggest the variable is unset.
    const problems = problemsOf(() =>
      loadConfig(gatewayEnv, { CORS_ORIGINS: 'https://www.youpower.com.cn,www.youpower.com.cn' }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^CORS_ORIGINS/);
    expect(problems[0]).toContain('www.youpower.com.cn');
    expect(problems[0]).not.toMatch(/=""/);
  });

  it('lists every invalid variable in one ConfigError', () => {
    const env = {
      GATEWAY_PORT: '70000',
      REDIS_URL: 'http://127.0.0.1:6379',
      LOG_LEVEL: 'loud',
      CONSENT_REQUIRED: 'maybe',
      REDIS_TIMEOUT_MS: 'soon',
      QUEUE_PREFIX: 'leads:prod',
      BODY_LIMIT_BYTES: '10',
    };
    const problems = problemsOf(() => loadConfig(gatewayEnv, env));
    for (const [key, value] of Object.entries(env)) {
      expect(problems).toContainEqual(expect.stringContaining(`${key}=${JSON.stringify(value)}`));
    }
    expect(problems).toHaveLength(Object.keys(env).length);
  });

  it('puts every problem in the message, for the boot log', () => {
    let error: unknown;
    try {
      loadConfig(gatewayEnv, { GATEWAY_PORT: 'x', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).name).toBe('ConfigError');
    expect((error as Error).message).toMatch(/GATEWAY_PORT="x"/);
    expect((error as Error).message).toMatch(/LOG_LEVEL="loud"/);
  });

  it('takes a METRICS_TOKEN only as a long bearer token, never showing it in the error', () => {
    const token = 'abcDEF0123456789-._~+/=';
    expect(loadConfig(gatewayEnv, { METRICS_TOKEN: token }).METRICS_TOKEN).toBe(token);
    expect(loadConfig(workerEnv, { METRICS_TOKEN: token }).METRICS_TOKEN).toBe(token);
    expect(loadConfig(gatewayEnv, {}).METRICS_TOKEN).toBeUndefined();
    for (const bad of ['short-token', 'has a space in it, long enough', 'colon:is:not:a:token:char']) {
      const problems = problemsOf(() => loadConfig(gatewayEnv, { METRICS_TOKEN: bad }));
      expect(problems).toEqual([expect.stringMatching(/^METRICS_TOKEN="\(hidden\)": /)]);
    }
  });

  it('never reads the admin password on the gateway', () => {
    expect(loadConfig(gatewayEnv, { ADMIN_PASSWORD: 'secret-of-the-worker' })).not.toHaveProperty('ADMIN_PASSWORD');
  });

  it('refuses non-integers and negatives for integer settings', () => {
    expect(problemsOf(() => loadConfig(gatewayEnv, { GATEWAY_PORT: '80.5' }))).toHaveLength(1);
    expect(problemsOf(() => loadConfig(gatewayEnv, { GATEWAY_PORT: '-1' }))).toHaveLength(1);
    expect(problemsOf(() => loadConfig(gatewayEnv, { INTAKE_ATTEMPTS: '0' }))).toHaveLength(1);
  });
});

describe('loadConfig(workerEnv)', () => {
  it('applies the documented defaults to an empty environment', () => {
    const c = loadConfig(workerEnv, {});
    expect(c).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/leads',
      DATABASE_CREATE: true,
      DATABASE_POOL_SIZE: 10,
      SMTP_TIMEOUT_MS: 30000,
      MAIL_TO: ['service@youpower.com.cn'],
      MAIL_DIR: 'var/mail',
      ADMIN_HOST: '0.0.0.0',
      ADMIN_PORT: 3001,
      ADMIN_USER: 'admin',
      FOLLOW_UP_SLA_MINUTES: 30,
      WORKER_CONCURRENCY: 20,
      WORKER_LOCK_DURATION_MS: 15000,
      WORKER_STALLED_INTERVAL_MS: 10000,
      WORKER_MAX_STALLED_COUNT: 5,
      INTAKE_ATTEMPTS: 20,
      ALERT_ATTEMPTS: 20,
      JOB_BACKOFF_MS: 10000,
      JOB_BACKOFF_MAX_MS: 1800000,
      COMPLETED_JOB_MAX_AGE_SECONDS: 3600,
      FAILED_JOB_MAX_AGE_DAYS: 14,
      SWEEP_INTERVAL_SECONDS: 60,
      ALERT_STUCK_MINUTES: 10,
      ALERT_SEND_LEASE_SECONDS: 20,
      REDIS_REQUIRE_NOEVICTION: false,
      QUEUE_PREFIX: 'leads',
      LOG_LEVEL: 'info',
    });
    expect(c.MAIL_FROM).toMatch(/@youpower\.com\.cn>?$/);
    // Unset means: write .eml files, and keep admin closed.
    expect(c.SMTP_URL).toBeUndefined();
    expect(c.ADMIN_PASSWORD).toBeUndefined();
  });

  it('treats an empty ADMIN_PASSWORD as unset, so `ADMIN_PASSWORD=` never opens admin with ""', () => {
    expect(loadConfig(workerEnv, { ADMIN_PASSWORD: '' }).ADMIN_PASSWORD).toBeUndefined();
    expect(loadConfig(workerEnv, { SMTP_URL: '' }).SMTP_URL).toBeUndefined();
  });

  it('takes PUBLIC_FORM_URL as an http(s) URL without its trailing slash; unset or empty: none', () => {
    expect(loadConfig(workerEnv, {}).PUBLIC_FORM_URL).toBeUndefined();
    expect(loadConfig(workerEnv, { PUBLIC_FORM_URL: '' }).PUBLIC_FORM_URL).toBeUndefined();
    expect(loadConfig(workerEnv, { PUBLIC_FORM_URL: 'https://forms.example.com/' }).PUBLIC_FORM_URL).toBe(
      'https://forms.example.com',
    );
    expect(problemsOf(() => loadConfig(workerEnv, { PUBLIC_FORM_URL: 'forms.example.com' }))).toEqual([
      expect.stringContaining('PUBLIC_FORM_URL'),
    ]);
    expect(problemsOf(() => loadConfig(workerEnv, { PUBLIC_FORM_URL: 'javascript:alert(1)' }))).toEqual([
      expect.stringContaining('PUBLIC_FORM_URL'),
    ]);
  });

  it('splits MAIL_TO into addresses', () => {
    expect(loadConfig(workerEnv, { MAIL_TO: 'a@youpower.com.cn, b@youpower.com.cn,' }).MAIL_TO).toEqual([
      'a@youpower.com.cn',
      'b@youpower.com.cn',
    ]);
  });

  it('accepts the test tuning from the team spec', () => {
    const c = loadConfig(workerEnv, {
      WORKER_LOCK_DURATION_MS: '3000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      JOB_BACKOFF_MS: '200',
      JOB_BACKOFF_MAX_MS: '2000',
      ALERT_SEND_LEASE_SECONDS: '5',
      SWEEP_INTERVAL_SECONDS: '2',
      ALERT_STUCK_MINUTES: '1',
      SMTP_TIMEOUT_MS: '3000',
      LOG_LEVEL: 'warn',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/leads_test',
    });
    expect(c).toMatchObject({ WORKER_LOCK_DURATION_MS: 3000, JOB_BACKOFF_MAX_MS: 2000, SMTP_URL: 'smtp://127.0.0.1:1025' });
  });

  it('lists every invalid variable', () => {
    const env = {
      DATABASE_URL: 'mysql://db/leads',
      SMTP_URL: 'http://mail',
      MAIL_TO: ' , ',
      ADMIN_PORT: '65536',
      WORKER_LOCK_DURATION_MS: '10',
      DATABASE_CREATE: 'sometimes',
    };
    const problems = problemsOf(() => loadConfig(workerEnv, env));
    for (const [key, value] of Object.entries(env)) {
      expect(problems).toContainEqual(expect.stringContaining(`${key}=${JSON.stringify(value)}`));
    }
    expect(problems).toHaveLength(Object.keys(env).length);
  });
});

describe('jobTuning', () => {
  it('is the same for both apps given the same environment (job options travel with each job)', () => {
    const env = { INTAKE_ATTEMPTS: '3', JOB_BACKOFF_MS: '200' };
    expect(jobTuning(loadConfig(gatewayEnv, env))).toEqual(jobTuning(loadConfig(workerEnv, env)));
    expect(jobTuning(loadConfig(gatewayEnv, env))).toMatchObject({ intakeAttempts: 3, backoffBaseMs: 200 });
  });
});

describe('Redis topology settings', () => {
  it('reads sentinels, cluster nodes and the replica wait', () => {
    const c = loadConfig(gatewayEnv, {
      REDIS_SENTINELS: '127.0.0.1:26379, 127.0.0.1:26380',
      REDIS_WAIT_REPLICAS: '1',
    });
    expect(c).toMatchObject({
      REDIS_SENTINELS: ['127.0.0.1:26379', '127.0.0.1:26380'],
      REDIS_SENTINEL_NAME: 'mymaster',
      REDIS_CLUSTER_NODES: [],
      REDIS_WAIT_REPLICAS: 1,
      REDIS_WAIT_TIMEOUT_MS: 500,
    });
  });

  it('refuses a malformed address and both modes at once', () => {
    expect(problemsOf(() => loadConfig(workerEnv, { REDIS_CLUSTER_NODES: 'redis-1' }))[0]).toMatch(/^REDIS_CLUSTER_NODES=/);
    expect(problemsOf(() => loadConfig(workerEnv, { REDIS_CLUSTER_NODES: 'a:7000', REDIS_SENTINELS: 'b:26379' }))[0]).toMatch(
      /not both/,
    );
  });
});
