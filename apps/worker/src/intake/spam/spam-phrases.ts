/**
 * Phrasing that marks a post as spam, offers and asks. Matched
 * case-insensitively on the text without its links. Admins extend the spam
 * list (`POST /admin/spam/phrases`); these are the ones that ship.
 */
export const SPAM_PHRASES: readonly string[] = [
  // Chinese: SEO and links, invoices, loans, gambling, task scams, crypto, pitches.
  'seo',
  '外链',
  '排名',
  '上首页',
  '包收录',
  '关键词',
  '快照',
  '代开',
  '发票点数',
  '税点',
  '贷款',
  '放款',
  '无抵押',
  '博彩',
  '娱乐城',
  '百家乐',
  '赌场',
  '注册送',
  '注册即送',
  '刷单',
  '刷信誉',
  '刷好评',
  '日赚',
  '日结',
  '躺赚',
  '稳赚',
  'usdt',
  '比特币',
  '理财',
  '高收益',
  '兼职',
  '代运营',
  '获客',
  '客户数据',
  '企业名录',
  '群发',
  '网站建设',
  '小程序开发',
  '谷歌竞价',
  '推广',
  '资质证书',
  '包过',
  '安全漏洞',
  // English.
  'guest post',
  'backlink',
  'first page of google',
  'page 1',
  'ranking',
  'casino',
  'free spins',
  'bitcoin',
  'crypto',
  'investment opportunity',
  'guaranteed profit',
  'funding approved',
  'no credit check',
  'replica',
  'followers',
  'lead generation',
  'b2b emails',
  'website design',
  'websites and mobile apps',
  'virtual assistant',
  'free audit',
  'free trial',
  'welcome bonus',
  'do-follow',
  'earn daily',
];

/** Text that offers a service rather than asking for one. */
export const OFFER_PATTERNS: readonly RegExp[] = [
  /我们提供|我司提供|我司专业|专业提供|可为贵司|为贵司提供|可以帮您|帮您|帮贵司|欢迎咨询|包年|不收费|低至|费用面议|一站式服务|招代理/,
  /\bwe (?:offer|provide|build|pay|handle|have a (?:verified )?database)\b|\bwe can (?:get|help|build|fix|rank)\b/i,
  /\bour (?:agency|services|team can)\b|\bi can (?:fix|help|get)\b|\bhire our\b|\bget more (?:customers|buyers)\b|\breply for\b/i,
];

/** Text that asks for something a supplier sells. */
export const ASK_PATTERNS: readonly RegExp[] = [
  /报价|询价|价格|多少钱|需要|采购|求购|样品|交期|交货|参数|图纸|现货|起订量|到货|回电|发货|质保|到厂价/,
  /\b(?:quote|quotation|price|need|looking for|purchase|buy|samples?|lead time|delivery|moq|datasheet|certificates?)\b/i,
];

/** Link shorteners: a genuine buyer links a file or a product page, rarely a hidden target. */
export const SHORTENER_HOSTS: ReadonlySet<string> = new Set([
  'bit.ly',
  't.cn',
  'tinyurl.com',
  'goo.gl',
  't.co',
  'url.cn',
  'dwz.cn',
  'is.gd',
  'ow.ly',
  'rebrand.ly',
  'cutt.ly',
  'suo.im',
  'v.gd',
  'shorturl.at',
  'rb.gy',
  'tiny.cc',
]);

/** Top-level domains that, in this form's traffic, carry spam far more often than a buyer's site. */
export const SUSPICIOUS_TLDS: readonly string[] = ['top', 'xyz', 'vip', 'club', 'online', 'site', 'icu', 'buzz'];
