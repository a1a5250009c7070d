import { z } from 'zod';
import { boardUrl, channelsEnv, destinationId, leadUrl, maskUrl, parseDestinations } from './channels-env';
import { ConfigError, loadConfig } from './load-config';

const schema = z.object(channelsEnv);
const load = (env: Record<string, string>) => loadConfig(schema, env);

const DING = 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef';
const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
const FEISHU = 'https://open.feishu.cn/open-apis/bot/v2/hook/2b4e5f8a-1c3d-4e5f-8a9b-0c1d2e3f4a5b';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('channelsEnv', () => {
  it('has the documented defaults', () => {
    expect(load({})).toEqual({
      DINGTALK_ROBOTS: [],
      WECOM_ROBOTS: [],
      FEISHU_ROBOTS: [],
      WEBHOOK_URLS: [],
      ROBOT_KEYWORD: '线索',
      PUBLIC_ADMIN_URL: 'http://localhost:3001',
      ROBOT_NOTICES: ['new-lead', 'digest', 'reminder', 'escalation'],
      ROBOT_SHOW_CONTACT: false,
      DINGTALK_PER_MINUTE: 20,
      WECOM_PER_MINUTE: 20,
      FEISHU_PER_MINUTE: 100,
    });
  });

  it('reads lists, booleans, numbers and drops a trailing slash from PUBLIC_ADMIN_URL', () => {
    const c = load({
      DINGTALK_ROBOTS: ` ${DING}#SECabc , `,
      ROBOT_NOTICES: 'new-lead,reminder',
      ROBOT_SHOW_CONTACT: 'true',
      DINGTALK_PER_MINUTE: '10',
      PUBLIC_ADMIN_URL: 'https://crm.example.com/leads/',
    });
    expect(c.DINGTALK_ROBOTS).toEqual([`${DING}#SECabc`]);
    expect(c.ROBOT_NOTICES).toEqual(['new-lead', 'reminder']);
    expect(c.ROBOT_SHOW_CONTACT).toBe(true);
    expect(c.DINGTALK_PER_MINUTE).toBe(10);
    expect(leadUrl(c, 'abc')).toBe('https://crm.example.com/leads/admin/leads/abc');
    expect(boardUrl(c)).toBe('https://crm.example.com/leads/admin');
  });

  it('refuses an unknown notice and a non-http PUBLIC_ADMIN_URL', () => {
    const problems = problemsOf(() => load({ ROBOT_NOTICES: 'new-lead,everything', PUBLIC_ADMIN_URL: 'ftp://x' }));
    expect(problems.join('\n')).toMatch(/ROBOT_NOTICES/);
    expect(problems.join('\n')).toMatch(/PUBLIC_ADMIN_URL/);
  });
});

describe('parseDestinations', () => {
  it('makes one destination per URL, secrets taken from the fragment, limits per platform', () => {
    const list = parseDestinations(
      load({
        DINGTALK_ROBOTS: `${DING}#SEC0123456789`,
        WECOM_ROBOTS: WECOM,
        FEISHU_ROBOTS: `${FEISHU}#feishu-secret`,
        WEBHOOK_URLS: 'http://127.0.0.1:9999/hook#whsec_1',
      }),
    );
    expect(list.map((d) => [d.channel, d.secret, d.perMinute, d.perSecond])).toEqual([
      ['dingtalk', 'SEC0123456789', 20, 0],
      ['wecom', null, 20, 0],
      ['feishu', 'feishu-secret', 100, 5],
      ['webhook', 'whsec_1', 0, 0],
    ]);
    expect(list[0].url).toBe(DING);
    expect(list[0].id).toBe(destinationId(DING));
    expect(list[0].id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('keeps an id stable whatever the secret, so a rotated secret keeps the ledger and budget', () => {
    const a = parseDestinations(load({ DINGTALK_ROBOTS: `${DING}#SEC1` }))[0];
    const b = parseDestinations(load({ DINGTALK_ROBOTS: `${DING}#SEC2` }))[0];
    expect(a.id).toBe(b.id);
  });

  it('masks tokens, keys and secrets in labels', () => {
    const [ding, wecom, feishu] = parseDestinations(
      load({ DINGTALK_ROBOTS: `${DING}#SECverysecret`, WECOM_ROBOTS: WECOM, FEISHU_ROBOTS: FEISHU }),
    );
    expect(ding.label).toBe('dingtalk https://oapi.dingtalk.com/robot/send?access_token=0123…cdef (signed)');
    expect(wecom.label).toBe('wecom https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…5aaa');
    expect(feishu.label).toBe('feishu https://open.feishu.cn/open-apis/bot/v2/hook/2b4e…4a5b');
    for (const d of [ding, wecom, feishu]) {
      expect(d.label).not.toContain('verysecret');
      expect(d.label).not.toContain('0123456789abcdef0123');
    }
    expect(maskUrl(new URL('https://user:pw@example.com/a?t=short'))).toBe('https://user:***@example.com/a?t=***');
  });

  it('names every bad entry by position without printing its token', () => {
    const problems = problemsOf(() =>
      parseDestinations(
        load({
          DINGTALK_ROBOTS: `not a url,${DING},${DING}#other`,
          WECOM_ROBOTS: 'ftp://qyapi.weixin.qq.com/x',
          WEBHOOK_URLS: 'https://receiver.example.com/hook',
        }),
      ),
    );
    expect(problems).toEqual([
      'DINGTALK_ROBOTS entry 1 (***): not a URL',
      'DINGTALK_ROBOTS entry 3 (dingtalk https://oapi.dingtalk.com/robot/send?access_token=0123…cdef (signed)): listed twice',
      'WECOM_ROBOTS entry 1 (ftp://qyapi.weixin.qq.com/x): must be an http(s) URL',
      'WEBHOOK_URLS entry 1 (https://receiver.example.com/hook): needs a signing secret after "#"',
    ]);
    expect(problems.join('\n')).not.toContain('0123456789abcdef0123');
  });

  it('takes a name before "=", names the others by channel and position, and keeps ids those of the URLs', () => {
    const list = parseDestinations(
      load({
        DINGTALK_ROBOTS: `华东=${DING}#SEC1,${DING.replace('0123', '4567')}`,
        WECOM_ROBOTS: ` south china = ${WECOM}`,
        WEBHOOK_URLS: 'crm=http://127.0.0.1:9999/hook#whsec_1',
      }),
    );
    expect(list.map((d) => [d.name, d.channel, d.url, d.secret])).toEqual([
      ['华东', 'dingtalk', DING, 'SEC1'],
      ['dingtalk-2', 'dingtalk', DING.replace('0123', '4567'), null],
      ['south china', 'wecom', WECOM, null],
      ['crm', 'webhook', 'http://127.0.0.1:9999/hook', 'whsec_1'],
    ]);
    // Naming a robot keeps its ledger rows and budget: the id is the URL's.
    expect(list[0].id).toBe(parseDestinations(load({ DINGTALK_ROBOTS: DING }))[0].id);
    expect(parseDestinations(load({ DINGTALK_ROBOTS: DING }))[0].name).toBe('dingtalk-1');
  });

  it('refuses one name given twice', () => {
    expect(problemsOf(() => parseDestinations(load({ DINGTALK_ROBOTS: `a=${DING}`, FEISHU_ROBOTS: `a=${FEISHU}` })))).toEqual([
      'FEISHU_ROBOTS entry 1 (feishu https://open.feishu.cn/open-apis/bot/v2/hook/2b4e…4a5b): the name "a" is taken',
    ]);
  });

  it('is empty when nothing is configured', () => {
    expect(parseDestinations(load({}))).toEqual([]);
  });
});
