import { answerText, leadAnswers } from './lead-answers';

const form = (custom: Record<string, unknown>) =>
  leadAnswers({
    slug: 'quote',
    version: 2,
    name: 'Quote',
    fields: [
      {
        key: 'b',
        type: 'multiselect',
        label: { zh: '用途', en: 'Use' },
        options: [{ value: 'x', label: { zh: '叉', en: 'X' } }],
      },
      { key: 'email' },
      { key: 'a', type: 'checkbox', label: { zh: '需要样品', en: '' } },
    ],
    custom: custom as never,
  });

describe('leadAnswers', () => {
  it("lists answers in the form's order, leaves out unanswered questions, then undeclared answers by key", () => {
    const rows = form({ a: true, zz: 'later', b: ['x', 'y'] })!.fields;
    expect(rows.map((r) => r.key)).toEqual(['b', 'a', 'zz']);
    expect(rows[2].label).toEqual({ zh: 'zz', en: 'zz' });
    expect(form({})!.fields).toEqual([]);
  });

  it('is null for a lead without a form row', () => {
    expect(leadAnswers(null)).toBeNull();
  });
});

describe('answerText', () => {
  it('shows option labels, yes/no and numbers as a person reads them, falling back to the other language', () => {
    const [b, a] = form({ a: true, b: ['x', 'y'] })!.fields;
    expect(answerText(b, 'zh')).toBe('叉, y');
    expect(answerText(b, 'en')).toBe('X, y');
    expect(answerText(a, 'zh')).toBe('是 yes');
    expect(answerText({ type: 'number', value: 3.5 }, 'en')).toBe('3.5');
  });
});
