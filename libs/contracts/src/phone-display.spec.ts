import { displayPhone } from './phone-display';

describe('displayPhone', () => {
  it.each([
    ['a mainland mobile, 3-4-4', '+8613923456789', '139 2345 6789'],
    ['a Shanghai landline with its area code', '+862152908189', '021 5290 8189'],
    ['a Hangzhou landline (three-digit area code)', '+8657187654321', '0571 8765 4321'],
    ['a Beijing landline', '+861065529988', '010 6552 9988'],
    ['a 400 number', '+864001234567', '400 123 4567'],
    ['a US number, internationally', '+12133734253', '+1 213 373 4253'],
    ['a London number', '+442079460958', '+44 20 7946 0958'],
    ['a Hong Kong mobile', '+85291234567', '+852 9123 4567'],
  ])('groups %s', (_label, e164, shown) => {
    expect(displayPhone(e164)).toBe(shown);
  });

  it.each([
    ['not a number', '请回电'],
    ['markup', '<script>alert(1)</script>'],
    ['an invalid mainland number', '+86101234567'],
    ['national digits (not E.164)', '13923456789'],
    ['empty', ''],
  ])('leaves %s as it is', (_label, text) => {
    expect(displayPhone(text)).toBe(text);
  });
});
