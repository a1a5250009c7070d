import { isDisposableDomain } from './disposable-domains';
import { BayesModel, emptyModel, train } from './naive-bayes';
import { scoreLead } from './spam-scorer';
import { spamTokens } from './spam-text';
import seed from './spam-seed-model.json';

const fresh = () => structuredClone(seed) as BayesModel;

const lead = (requirement: string, extra: Partial<{ name: string; email: string | null; company: string | null }> = {}) => ({
  name: '张伟',
  company: null,
  email: null,
  requirement,
  ...extra,
});

describe('scoreLead', () => {
  const shipped = { model: fresh(), isDisposableDomain };

  it('keeps genuine inquiries, short or with a link, far under the threshold', () => {
    for (const text of [
      '变压器报价',
      'price please',
      '图纸见 https://pan.baidu.com/s/1abc 请按图报价',
      '需要储能柜 215kWh 2台，请报价，交期多久？',
    ]) {
      expect(scoreLead(lead(text), shipped).score).toBeLessThan(0.5);
    }
  });

  it('adds some doubt, not a quarantine, for a post whose captcha could not be checked', () => {
    const plain = scoreLead(lead('需要储能柜 215kWh 2台，请报价'), shipped);
    const unverified = scoreLead({ ...lead('需要储能柜 215kWh 2台，请报价'), captchaUnverified: true }, shipped);
    expect(unverified.reasons).toContain('captcha-unverified');
    expect(unverified.score).toBeGreaterThan(plain.score);
    expect(unverified.score).toBeLessThan(0.8);
  });

  it('quarantines obvious spam with its reasons, strongest first', () => {
    const v = scoreLead(
      lead('专业网站SEO优化，百度快速排名，包收录，加微信 seo888 https://bit.ly/x1', { email: 'a@mailinator.com' }),
      shipped,
    );
    expect(v.score).toBeGreaterThanOrEqual(0.8);
    expect(v.reasons[0]).toMatch(/^phrases:|^bayes:/);
    expect(v.reasons).toEqual(expect.arrayContaining(['shortener:bit.ly', 'disposable-email:mailinator.com']));
  });

  it('works from signals alone when the model is empty', () => {
    const ctx = { model: emptyModel(), isDisposableDomain };
    expect(scoreLead(lead('https://bit.ly/abc'), ctx).score).toBeGreaterThanOrEqual(0.8);
    expect(scoreLead(lead('需要钢板 20吨，请报价'), ctx).score).toBeLessThan(0.2);
  });

  it('moves a borderline text across the threshold once staff mark a few like it as spam', () => {
    const model = fresh();
    const ctx = { model, isDisposableDomain };
    const borderline = lead('您好，我们专业展会搭建，展台设计，您好');
    const before = scoreLead(borderline, ctx).score;
    expect(before).toBeGreaterThan(0.2);
    expect(before).toBeLessThan(0.8);
    for (const text of ['展会搭建，展台设计，价格实惠', '承接展台设计搭建，经验丰富', '专业展会搭建，特装展位']) {
      train(model, spamTokens(lead(text)), 'spam');
    }
    expect(scoreLead(borderline, ctx).score).toBeGreaterThanOrEqual(0.8);
  });

  it('moves words back when a verdict is undone', () => {
    const model = emptyModel();
    train(model, ['a', 'b'], 'spam');
    train(model, ['a', 'b'], 'spam', -1);
    expect(model).toEqual(emptyModel());
  });
});
