import type { FastifyRequest } from 'fastify';
import { compileForm, DEFAULT_FORM, type CompiledForm } from '@app/contracts';
import { corsOptionsFor, formCorsDelegate, formSlugOf, type CorsOptions } from './form-cors';

const SITE = 'https://www.example.com';
const SHOP = 'https://shop.example.cn';

function form(slug: string, origins: string[], version = 1): CompiledForm {
  return compileForm({ ...DEFAULT_FORM, slug, origins, version }, { consentRequired: false });
}

function ask(delegate: ReturnType<typeof formCorsDelegate>, url: string): CorsOptions {
  let answer: CorsOptions | undefined;
  delegate({ url } as FastifyRequest, (err, options) => {
    if (err) throw err;
    answer = options;
  });
  return answer!;
}

describe('formSlugOf', () => {
  it.each([
    ['/api/forms/quote/leads', 'quote'],
    ['/api/forms/quote', 'quote'],
    ['/api/forms/quote/leads?x=1', 'quote'],
    ['/api/forms/quote?lang=en', 'quote'],
  ])('reads the slug of %s', (url, slug) => expect(formSlugOf(url)).toBe(slug));

  it.each(['/api/leads', '/api/forms/', '/api/forms/quote/other', '/f/quote', '/api/formsx/quote'])(
    'finds no form route in %s',
    (url) => expect(formSlugOf(url)).toBeNull(),
  );
});

describe('formCorsDelegate', () => {
  it('answers a form’s own origins on its routes and CORS_ORIGINS everywhere else', () => {
    const forms = new Map([
      ['quote', form('quote', [SHOP])],
      ['plain', form('plain', [])],
    ]);
    const delegate = formCorsDelegate((slug) => forms.get(slug), [SITE]);
    expect(ask(delegate, '/api/forms/quote/leads')).toMatchObject({ origin: [SHOP], methods: ['GET', 'POST'] });
    expect(ask(delegate, '/api/forms/quote')).toMatchObject({ origin: [SHOP] });
    expect(ask(delegate, '/api/forms/plain/leads')).toMatchObject({ origin: [SITE] });
    expect(ask(delegate, '/api/leads')).toMatchObject({ origin: [SITE] });
    expect(ask(delegate, '/api/forms/unknown/leads')).toMatchObject({ origin: [SITE] });
  });

  it('sends no CORS headers where no origin is configured, as without CORS_ORIGINS today', () => {
    const forms = new Map([['quote', form('quote', [SHOP])]]);
    const delegate = formCorsDelegate((slug) => forms.get(slug), []);
    expect(ask(delegate, '/api/leads')).toEqual({ origin: false });
    expect(ask(delegate, '/api/forms/quote/leads')).toMatchObject({ origin: [SHOP] });
  });

  it('builds a form’s options once per compiled version and follows a new version', () => {
    const forms = new Map([['quote', form('quote', [SHOP])]]);
    const delegate = formCorsDelegate((slug) => forms.get(slug), [SITE]);
    const first = ask(delegate, '/api/forms/quote/leads');
    expect(ask(delegate, '/api/forms/quote/leads')).toBe(first);
    forms.set('quote', form('quote', [SITE, SHOP], 2));
    expect(ask(delegate, '/api/forms/quote/leads')).toMatchObject({ origin: [SITE, SHOP] });
  });

  it('copies the origins it is given', () => {
    const origins = [SITE];
    const options = corsOptionsFor(origins);
    origins.push(SHOP);
    expect(options).toMatchObject({ origin: [SITE] });
  });
});
