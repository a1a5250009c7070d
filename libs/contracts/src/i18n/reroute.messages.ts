/** Re-route on silence: the task history line and the three notices. */
export const rerouteZh = {
  'reroute.history': '转派：{who} {minutes} 分钟内未响应',
  'reroute.assigned.subject': '[转派给您] {who}',
  'reroute.assigned.heading': '{from} {minutes} 分钟内未响应，这条线索现由您跟进，请尽快联系',
  'reroute.open': '打开线索',
  'reroute.call': '拨打电话',
  'reroute.away.subject': '[线索已转派] {who}',
  'reroute.away.heading': '您 {minutes} 分钟内未响应，这条线索已转给 {to}',
  'reroute.limit.subject': '[线索无人响应] {who}',
  'reroute.limit.heading': '这条线索已转派 {count} 次仍无人响应，现由 {owner} 负责，请安排跟进',
};

export const rerouteEn: Record<keyof typeof rerouteZh, string> = {
  'reroute.history': 're-routed: {who} did not respond within {minutes} min',
  'reroute.assigned.subject': '[Lead passed to you] {who}',
  'reroute.assigned.heading':
    '{from} did not respond within {minutes} min: this lead is yours now, please contact them right away',
  'reroute.open': 'Open the lead',
  'reroute.call': 'Call',
  'reroute.away.subject': '[Lead re-routed] {who}',
  'reroute.away.heading': 'You did not respond within {minutes} min: this lead went to {to}',
  'reroute.limit.subject': '[Lead unanswered] {who}',
  'reroute.limit.heading': 'Re-routed {count} times and still untouched; {owner} keeps it: please see that someone calls',
};
