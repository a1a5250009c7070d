import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FieldError } from './query-input';

/** Invalid staff input found by the pure parsers (query-input.ts): 400 naming the field, never a 500. */
@Catch(FieldError)
export class FieldErrorFilter implements ExceptionFilter {
  catch(err: FieldError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    reply.code(400).header('cache-control', 'no-store').send(err.toBody());
  }
}
