/**
 * A worker started without ADMIN_PASSWORD must not expose /admin at all:
 * no default password, no open dashboard.
 */
import { randomUUID } from 'node:crypto';
import { basicAuth, get, request } from '../support/http';
import { startStack, type Stack } from '../support/stack';

// Starting the apps takes seconds; jest's 5 s default is for unit tests.
jest.setTimeout(60_000);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ gateway: false, workerEnv: { ADMIN_PASSWORD: undefined } });
});

afterAll(async () => {
  await stack?.stop();
});

const credentials: [string, Record<string, string>][] = [
  ['no credentials', {}],
  ['an empty password', basicAuth('admin', '')],
  ['a guessed password', basicAuth('admin', 'admin')],
];

describe.each(credentials)('with %s', (_what, headers) => {
  it.each(['/admin/queues', '/admin/queues/', '/admin/tasks', `/admin/leads/${randomUUID()}`, '/admin/leads.csv'])(
    'refuses GET %s',
    async (path) => {
      const res = await get(`${stack.adminUrl}${path}`, { headers });
      expect([401, 403]).toContain(res.status);
    },
  );

  it('refuses PATCH /admin/tasks/:id', async () => {
    const res = await request('PATCH', `${stack.adminUrl}/admin/tasks/${randomUUID()}`, '{"status":"done"}', {
      headers: { ...headers, 'content-type': 'application/json' },
    });
    expect([401, 403]).toContain(res.status);
  });
});

it('still serves /health', async () => {
  expect((await get(`${stack.adminUrl}/health`)).status).toBe(200);
});
