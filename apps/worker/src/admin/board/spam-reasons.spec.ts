import { boardText } from './board-views';
import { reasonText } from './spam-reasons';

describe('spam reasons in words', () => {
  const zh = boardText('zh');
  const en = boardText('en');

  it('names each code and fills in what came after the colon', () => {
    expect(reasonText(zh, 'links:3')).toBe('含 3 个链接');
    expect(reasonText(zh, 'shortener:bit.ly')).toBe('短链接(bit.ly)');
    expect(reasonText(zh, 'phrases:外链|排名')).toBe('常见垃圾用语(外链, 排名)');
    expect(reasonText(zh, 'link-only')).toBe('只有链接,没有内容');
    expect(reasonText(en, 'disposable-email:mailinator.com')).toBe('disposable email (mailinator.com)');
    expect(reasonText(en, 'bayes:0.97(seo|rank)')).toBe('the text model says spam (0.97(seo, rank))');
  });

  it('shows a code it does not know as it is, and never looks up a key outside the reasons', () => {
    expect(reasonText(zh, 'new-signal:4')).toBe('new-signal:4');
    expect(reasonText(zh, 'constructor')).toBe('constructor');
    expect(reasonText(zh, '__proto__:x')).toBe('__proto__:x');
  });
});
