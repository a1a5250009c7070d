import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type InjectOptions } from 'fastify';
import { QueueName } from '@app/contracts';

export const QUEUES_BOARD_PATH = '/admin/queues';

// Hop-by-hop and length headers belong to each side's own message.
const OWN_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/**
 * Bull Board at /admin/queues, loaded on its first request instead of at
 * boot: its API, UI and their dependencies are several MB of an idle
 * worker's memory for a page admins open now and then. Fastify takes no
 * routes once it listens, so two catch-all routes are registered with the
 * app's (behind the admin auth hook and Bull Board's helmet policy, as any
 * route under the path) and answer through a Fastify instance of Bull
 * Board's own, built on the first request and reached with inject(): no
 * socket, no second port. Bodies go through untouched (read as bytes).
 */
@Injectable()
export class QueuesBoardSetup implements OnModuleInit {
  private board: Promise<FastifyInstance> | null = null;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    const forward = (req: FastifyRequest, reply: FastifyReply) => this.forward(req, reply);
    void this.adapterHost.httpAdapter.getInstance<FastifyInstance>().register(async (routes) => {
      routes.removeAllContentTypeParsers();
      routes.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      routes.all(QUEUES_BOARD_PATH, forward);
      routes.all(`${QUEUES_BOARD_PATH}/*`, forward);
    });
  }

  private async forward(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const board = await (this.board ??= this.build().catch((err: unknown) => {
      this.board = null;
      throw err;
    }));
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !OWN_HEADERS.has(name)));
    const res = await board.inject({
      method: req.method as InjectOptions['method'],
      url: req.url,
      headers: headers as InjectOptions['headers'],
      payload: (req.body as Buffer | undefined) ?? undefined,
    });
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined && !OWN_HEADERS.has(name)) void reply.header(name, value);
    }
    return reply.code(res.statusCode).send(res.rawPayload);
  }

  private async build(): Promise<FastifyInstance> {
    const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
      import('@bull-board/api'),
      import('@bull-board/api/bullMQAdapter'),
      import('@bull-board/fastify'),
    ]);
    const adapter = new FastifyAdapter().setBasePath(QUEUES_BOARD_PATH);
    createBullBoard({
      queues: Object.values(QueueName).map(
        (name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })),
      ),
      serverAdapter: adapter,
    });
    const board = Fastify();
    await board.register(adapter.registerPlugin(), { prefix: QUEUES_BOARD_PATH });
    await board.ready();
    return board;
  }
}
