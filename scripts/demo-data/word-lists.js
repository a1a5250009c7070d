'use strict';
/**
 * The demo dataset's words: small lists combined at random into Chinese
 * names, companies and requirements (none of it names a real person or
 * company), plus the marketing sources, pages and browsers a lead comes with.
 * Kept as space-separated text so each list stays a line or two.
 */
const words = (text) => text.trim().split(/\s+/);

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛',
  ...'闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲飞鹏辉波斌宇浩凯健俊帆帅旭宁婷雪琳晨欣怡佳悦子轩梓涵诺然航远博佑桐',
];
// Pinyin for the email's local part: not the name's, as in life.
const PINYIN = words(`wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang
  han feng deng cao peng wei fang jing lei jun yong jie tao ming chao hua ping bin yu hao kai ning ting xue xin yi`);
const MAIL_DOMAINS = words(
  'qq.com 163.com 126.com sina.com foxmail.com aliyun.com outlook.com hotmail.com 139.com yeah.net sohu.com gmail.com',
);

const CITIES =
  words(`上海 北京 深圳 广州 苏州 杭州 南京 宁波 无锡 常州 合肥 武汉 成都 重庆 西安 天津 青岛 济南 郑州 长沙 厦门 福州 佛山 东莞
  温州 绍兴 嘉兴 昆山 南通 扬州 徐州 烟台 大连 沈阳 哈尔滨 长春 石家庄 太原 南昌 昆明 贵阳 南宁 海口 兰州 银川 乌鲁木齐`);
const COMPANY_WORDS =
  words(`恒信 华泰 鼎盛 宏远 瑞丰 中科 金桥 新亚 天成 永安 嘉禾 博远 东方 长江 汇通 盛世 联创 海峰 卓越 明德 正大 同德 华晟
  国泰 远航 锦程 腾达 凯盛 万通 众合 协力 华瑞 隆基 安捷 亿嘉 浩宇`);
const INDUSTRIES =
  words(`新能源科技 电力设备 储能技术 光伏科技 精密机械 汽车零部件 电子科技 化工 纺织 食品 物流 建设工程 环保科技 医疗器械
  智能制造 半导体 铝业 钢结构 冷链 数据科技 水务 热能工程 包装材料 塑胶制品`);
const COMPANY_FORMS = words('有限公司 有限公司 有限公司 股份有限公司 集团有限公司 工厂 实业有限公司');

const OPENINGS = words('我们公司 我司 我们工厂 本单位 我们园区 我们项目');
const PLANS = words('计划采购 需要了解 想咨询 准备上马 正在评估 急需 拟建设 考虑更换');
const PRODUCTS = [
  ...words(
    '工商业储能系统 集装箱式储能柜 光伏逆变器 屋顶分布式光伏 充电桩 光储充一体化方案 变压器扩容替代方案 备用电源 微电网系统',
  ),
  ...['储能变流器 PCS', '电池管理系统 BMS', '能量管理系统 EMS', '磷酸铁锂电池簇', '削峰填谷方案', '需量管理方案'],
];
const SIZES = [
  '约 500 kWh',
  '1 MWh 左右',
  '2 MW / 4 MWh',
  '200 kW',
  '两台',
  '三个厂区',
  '约 5000 平方米屋顶',
  '10 套',
  '一期 1 MW,二期 3 MW',
  '规模待定',
];
const ASKS = words(`请提供报价 希望安排技术人员现场勘察 请发一份详细方案 想了解投资回收期 需要设备选型建议 请联系我们的采购负责人
  希望尽快沟通 需要参考案例 请问交付周期多久 想了解合同能源管理模式 请报含安装的总价 需要招标参数`);
// Blank twice: most requirements end without a deadline.
const DEADLINES = ['', '', ...words('本月内确定 年底前完工 下周可以面谈 预算已批 急! 今年内投运 先要个预算价')];

const TASK_NOTES =
  words(`已电话沟通,客户需要正式报价 已发送方案和报价单 客户暂无采购计划,半年后回访 已安排现场勘察 已成交 客户已选择其他供应商
  联系不上,已发短信 转给渠道伙伴跟进 已加微信,持续跟进 预算不足,暂缓 重复线索,已合并 已提交技术方案,等待评审`);

// source:medium:weight; "-" is a direct visit (no utm at all).
const SOURCES = words(`baidu:cpc:30 -::22 wechat:social:12 douyin:video:7 so360:cpc:5 bing:cpc:4 zhihu:content:3 linkedin:social:2
  google:cpc:2 exhibition:offline:5 partner:referral:5 newsletter:email:3`).map((s) => {
  const [source, medium, weight] = s.split(':');
  return [source === '-' ? '' : source, medium, Number(weight)];
});
const CAMPAIGNS = words(
  'brand storage-2024 storage-2025 pv-rooftop peak-shaving snec-expo ev-charging spring-promo factory-energy case-study',
);
const PAGES = words(`/ /contact /products/ess-cabinet /products/pcs /products/ems /solutions/peak-shaving /solutions/rooftop-pv
  /solutions/microgrid /cases /about /news/2025-policy`).map((p) => `https://www.youpower.com.cn${p}`);
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49',
  'Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36 Edg/118.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
  'Mozilla/5.0 (Linux; Android 13; HUAWEI P60) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 baiduboxapp/13.40',
];
// Mainland mobile prefixes; 199 is left out: bench/data.js posts its "new contacts" from it.
const MOBILE_PREFIXES =
  words(`130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 176 177 178 180 181 182 183 185
  186 187 188 189`);

module.exports = {
  ...{ SURNAMES, GIVEN, PINYIN, MAIL_DOMAINS, CITIES, COMPANY_WORDS, INDUSTRIES, COMPANY_FORMS },
  ...{ OPENINGS, PLANS, PRODUCTS, SIZES, ASKS, DEADLINES, TASK_NOTES },
  ...{ SOURCES, CAMPAIGNS, PAGES, USER_AGENTS, MOBILE_PREFIXES },
};
