import { DEFAULT_NEXT, safeNext } from './next-path';

describe('safeNext', () => {
  it.each([
    '/admin',
    '/admin/',
    '/admin?tab=mine',
    '/admin/board/leads/3f2a6c1e-9b7d-4c1a-8e2f-0a1b2c3d4e5f',
    // A group message's button, back after the login.
    '/admin/leads/3f2a6c1e-9b7d-4c1a-8e2f-0a1b2c3d4e5f/act',
    '/admin/leads/3f2a6c1e-9b7d-4c1a-8e2f-0a1b2c3d4e5f/act?done=claim',
    '/admin/%C4%80',
    '/admin#x',
  ])('keeps the admin path %j', (next) => {
    expect(safeNext(next)).toBe(next);
  });

  it.each([
    ['another host', '//evil.example/admin'],
    ['an absolute URL', 'https://evil.example/'],
    ['an absolute URL naming the admin path', 'https://evil.example/admin/leads/x/act'],
    ['a scheme-relative URL naming the admin path', '//evil.example/admin/leads/x/act'],
    ['a backslash', '/\\evil.example'],
    ['a backslash later', '/admin/\\evil'],
    ['a path outside admin', '/administrator'],
    ['a character a Location header cannot carry', '/admin/Ā'],
    ['a space', '/admin/a b'],
    ['a line break', '/admin/\r\nSet-Cookie: x=1'],
    ['a NUL', '/admin/\u0000'],
    ['an escape that does not decode', '/admin/%E0%A4%A'],
    ['a stray percent', '/admin/%ZZ'],
    ['not text', ['/admin', '/admin']],
    ['nothing', undefined],
  ])('sends %s to the board', (_what, next) => {
    expect(safeNext(next)).toBe(DEFAULT_NEXT);
  });
});
