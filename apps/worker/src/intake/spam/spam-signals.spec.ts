import {
  contactSignals,
  emailSignals,
  gibberishSignals,
  linkSignals,
  offerSignals,
  phraseSignals,
  scriptSignals,
} from './spam-signals';

const reasons = (signals: { reason: string }[]) => signals.map((s) => s.reason);

describe('spam signals', () => {
  it('counts links, names shorteners and throwaway TLDs, and spots link-only text', () => {
    expect(linkSignals('需要干式变压器 1000kVA 请报价')).toEqual([]);
    expect(reasons(linkSignals('图纸见 https://pan.baidu.com/s/1abc 请按图报价'))).toEqual(['links:1']);
    expect(reasons(linkSignals('https://bit.ly/x7Yz'))).toEqual(['links:1', 'shortener:bit.ly', 'link-only']);
    expect(reasons(linkSignals('please see www.a.com b.cn https://c.xyz/offer for details'))).toEqual([
      'links:3',
      'suspicious-tld:xyz',
    ]);
    expect(linkSignals('请发到 wang@hndq.com.cn')).toEqual([]);
  });

  it('finds spam phrasing in Chinese and English, on word boundaries, plus the admins list', () => {
    expect(reasons(phraseSignals('代开各类发票，无抵押贷款'))).toEqual(['phrases:代开|贷款|无抵押']);
    expect(phraseSignals('Do you accept guest posts?')[0].reason).toBe('phrases:guest post');
    expect(phraseSignals('We are based in Seoul, need 5 transformers')).toEqual([]);
    expect(phraseSignals('请报一个含13%增值税专票的价格')).toEqual([]);
    expect(phraseSignals('办理营业执照')).toEqual([]);
    expect(reasons(phraseSignals('办理营业执照', ['营业执照']))).toEqual(['phrases:营业执照']);
  });

  it('reads each admins list it is given, compiled or not, and skips blank phrases', () => {
    const list = ['Cheap SEO', '  '];
    expect(reasons(phraseSignals('cheap seos for you', list))).toEqual(['phrases:seo|Cheap SEO']);
    expect(reasons(phraseSignals('cheap seos for you', list))).toEqual(['phrases:seo|Cheap SEO']);
    expect(reasons(phraseSignals('C++ dev for hire', ['c++ dev']))).toEqual(['phrases:c++ dev']);
    // A reloaded list is another array: its phrases, not the last list's.
    expect(phraseSignals('cheap seos for you', ['营业执照'])[0].reason).toBe('phrases:seo');
  });

  it('tells a text that sells from one that buys', () => {
    expect(offerSignals('需要钢板 Q235B 20吨，请报价')).toEqual([]);
    expect(reasons(offerSignals('我司专业提供网站优化服务，欢迎咨询'))).toEqual(['offers-not-asks']);
    expect(reasons(offerSignals('Please quote. By the way we offer SEO.'))).toEqual(['offers-and-asks']);
    expect(offerSignals('Please quote 2 units of transformer, we need samples')).toEqual([]);
  });

  it('flags filler, repeated characters, consonant strings and id-like names, not specs and big numbers', () => {
    expect(reasons(gibberishSignals('啊啊啊啊啊啊啊啊', '王'))).toEqual(['filler-text']);
    expect(reasons(gibberishSignals('hahahahaha please', 'Li'))).toEqual(['repeated-chars']);
    expect(reasons(gibberishSignals('xkcdqwrtplmnbvz', 'John'))).toEqual(['gibberish']);
    expect(reasons(gibberishSignals('hello', 'nckyv8qpr'))).toEqual(['gibberish-name']);
    expect(gibberishSignals('预算1000000元，SCB13-1000kVA 干式变压器 HW200*200', '张伟')).toEqual([]);
    expect(gibberishSignals('Hello, we need 2000kVA transformers', 'Dilshod Karimov')).toEqual([]);
    // Filler is at most four different characters (code points) in six or more.
    expect(reasons(gibberishSignals('ab cd ab cd ab', 'x'))).toEqual(['filler-text']);
    expect(reasons(gibberishSignals('𠀀𠀁𠀀𠀁𠀂𠀃', 'x'))).toEqual(['filler-text']);
    expect(reasons(gibberishSignals('abcde abcde', 'x'))).not.toContain('filler-text');
  });

  it('flags scripts a buyer here does not write in, and words mixing Latin and Cyrillic', () => {
    expect(scriptSignals('需要变压器 1000kVA, please quote', '张伟')).toEqual([]);
    expect(reasons(scriptSignals('Кредит без справок за 15 минут', 'Иван'))).toEqual(['foreign-script']);
    expect(reasons(scriptSignals('Best саsino bonus', 'Mike'))).toEqual(['mixed-script-word']);
    // Shares by letter, counted by code point: 3 Cyrillic of 10 letters is not over 30 %, 4 of 11 is.
    expect(scriptSignals('ДаЖ abcdefg', '')).toEqual([]);
    expect(reasons(scriptSignals('ДаЖ abcdefg', 'Я'))).toEqual(['foreign-script']);
    expect(scriptSignals('𠀀𠀁𠀂 需要 Ωx', '')).toEqual([]);
    expect(scriptSignals('Привет, we need a quote', 'Ivan')).toEqual([]);
  });

  it('weighs a contact by its leads today and its earlier spam verdicts', () => {
    const base = { name: 'x', company: null, email: null, requirement: 'x' };
    expect(contactSignals({ ...base, contactLeadsToday: 2 })).toEqual([]);
    expect(contactSignals({ ...base, contactLeadsToday: 4 })).toEqual([{ reason: 'contact-frequency:4', weight: 1.0 }]);
    expect(contactSignals({ ...base, contactLeadsToday: 9 })[0].weight).toBe(2.0);
    expect(reasons(contactSignals({ ...base, contactMarkedSpam: true }))).toEqual(['contact-marked-spam']);
  });

  it('flags a disposable email domain by the list it is given', () => {
    const list = (d: string) => d === 'mailinator.com';
    expect(reasons(emailSignals('Bot@Mailinator.com', list))).toEqual(['disposable-email:mailinator.com']);
    expect(emailSignals('li@qq.com', list)).toEqual([]);
    expect(emailSignals(null, list)).toEqual([]);
  });
});
