import type { PinoLogger } from 'nestjs-pino';

/** A PinoLogger that keeps its calls: specs may assert what was logged, and nothing prints. */
export function fakeLogger(): PinoLogger & Record<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', jest.Mock> {
  const logger = {
    trace: jest.fn(),
    debug: jest.fn(),
    info: jest.fn(),
    warn: jest.fn(),
    error: jest.fn(),
    fatal: jest.fn(),
    setContext: jest.fn(),
    assign: jest.fn(),
  };
  return logger as unknown as PinoLogger & typeof logger;
}
