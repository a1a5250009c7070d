import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatewayEnv, workerEnv } from './env';
import { definedTwice, envVariables, renderConfigurationMarkdown, renderEnvExample } from './env-reference';
import { loadConfig } from './load-config';

const ROOT = join(__dirname, '../../..');
const STALE = 'is not current: run `node scripts/env-docs.js` and commit the result';

function checkedIn(name: string): string {
  return readFileSync(join(ROOT, name), 'utf8');
}

/** KEY=value lines of an env file, comments and blanks skipped. */
function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (line.startsWith('#') || eq < 1) continue;
    env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

describe('the environment reference', () => {
  it('defines every variable once: a name both apps read is one shared field', () => {
    expect(definedTwice()).toEqual([]);
  });

  it('says what every variable means', () => {
    expect(envVariables().filter((v) => v.description.trim().length < 10)).toEqual([]);
  });

  it('lists each variable once, with the apps that read it', () => {
    const variables = envVariables();
    expect(new Set(variables.map((v) => v.name)).size).toBe(variables.length);
    expect(variables.find((v) => v.name === 'METRICS_TOKEN')?.apps).toEqual(['gateway', 'worker']);
    expect(variables.find((v) => v.name === 'WORKER_ROLES')).toMatchObject({ apps: ['worker'], defaultValue: 'consumer,admin' });
    expect(variables.find((v) => v.name === 'DINGTALK_ROBOTS')?.section).toBe('channels');
  });

  it('writes the defaults the schemas apply', () => {
    const worker = loadConfig(workerEnv, {}) as Record<string, unknown>;
    for (const v of envVariables().filter((x) => x.apps.includes('worker') && x.defaultValue !== '')) {
      const applied = worker[v.name];
      expect([v.name, Array.isArray(applied) ? applied.join(',') : String(applied)]).toEqual([v.name, v.defaultValue]);
    }
  });

  it('docs/configuration.md is current', () => {
    expect(
      checkedIn('docs/configuration.md') === renderConfigurationMarkdown() ? 'current' : `docs/configuration.md ${STALE}`,
    ).toBe('current');
  });

  it('.env.example is current, and both apps load it as it stands', () => {
    const text = checkedIn('.env.example');
    expect(text === renderEnvExample() ? 'current' : `.env.example ${STALE}`).toBe('current');
    const env = parseEnvFile(text);
    expect(Object.keys(env).sort()).toEqual(
      envVariables()
        .map((v) => v.name)
        .sort(),
    );
    expect(() => loadConfig(gatewayEnv, env)).not.toThrow();
    expect(() => loadConfig(workerEnv, env)).not.toThrow();
  });
});
