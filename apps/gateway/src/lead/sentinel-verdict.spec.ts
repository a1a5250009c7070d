import { fieldsOf, SentinelView, sentinelVerdict } from './sentinel-verdict';

const M = '10.0.0.1:6379';
const B = '10.0.0.2:6379';
const view = (address: string, flags = 'master', configEpoch = 3): SentinelView => ({
  addresses: [address],
  flags: flags.split(','),
  configEpoch,
});

describe('sentinelVerdict', () => {
  it('vouches when every sentinel names the node as a healthy master', () => {
    expect(sentinelVerdict(M, [view(M), view(M), view(M)])).toBeNull();
  });

  it('vouches with a majority when one sentinel does not answer', () => {
    expect(sentinelVerdict(M, [view(M), null, view(M)])).toBeNull();
  });

  it('refuses without a majority of answers', () => {
    expect(sentinelVerdict(M, [view(M), null, null])).toMatch(/1 of 3/);
  });

  it('refuses while any sentinel reports a failover in progress, even if the others still name the node', () => {
    expect(sentinelVerdict(M, [view(M), view(M), view(M, 'o_down,master,failover_in_progress')])).toMatch(/failover/);
  });

  it('refuses when the failover leader already names the promoted replica and the others have not heard yet', () => {
    expect(sentinelVerdict(M, [view(B, 'master', 4), view(M, 'master', 3), view(M, 'master', 3)])).toMatch(/another master/);
  });

  it('ignores a sentinel that still names an older master at an older epoch', () => {
    expect(sentinelVerdict(B, [view(B, 'master', 4), view(B, 'master', 4), view(M, 'master', 3)])).toBeNull();
  });

  it('does not count sentinels that see the node as down', () => {
    expect(sentinelVerdict(M, [view(M, 's_down,master'), view(M, 's_down,master'), view(M)])).toMatch(/1 of 3/);
    expect(sentinelVerdict(M, [view(M, 's_down,master'), view(M), view(M)])).toBeNull();
  });

  it('matches any resolved address of a sentinel that announces a hostname', () => {
    expect(sentinelVerdict(M, [{ addresses: [B, M], flags: ['master'], configEpoch: 0 }])).toBeNull();
  });
});

describe('fieldsOf', () => {
  it('reads the flat field/value list of SENTINEL MASTER', () => {
    const f = fieldsOf(['name', 'mymaster', 'ip', '127.0.0.1', 'port', '6379', 'flags', 'master', 'config-epoch', '2']);
    expect(f.get('ip')).toBe('127.0.0.1');
    expect(f.get('config-epoch')).toBe('2');
  });

  it('gives nothing for a missing answer', () => {
    expect(fieldsOf(null).size).toBe(0);
  });
});
