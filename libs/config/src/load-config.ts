import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A value as it may appear in a boot log: secrets hidden, URL passwords masked. */
function displayValue(key: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (/PASSWORD|SECRET|TOKEN|USERS|_KEY$/.test(key)) return '(hidden)';
  return value.replace(/(\/\/[^:/@\s]*:)[^@/\s]*@/g, '$1***@');
}

/**
 * Validates the environment once, at boot. Empty strings count as unset so
 * that `FOO=` in an .env file means "use the default".
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '');
        return `${key}=${JSON.stringify(displayValue(key, env[key]))}: ${issue.message}`;
      }),
    );
  }
  return result.data;
}
