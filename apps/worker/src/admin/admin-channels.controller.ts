import { Controller, ForbiddenException, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ChannelHealth } from '../notify/channel-health.service';

function adminOnly(req: FastifyRequest): void {
  if (req.staff?.role !== 'admin') throw new ForbiddenException('Chat channels are for admins only');
}

/** The robots and webhooks (masked), their state, and a test message to each: admin only. */
@Controller('admin/channels')
export class AdminChannelsController {
  constructor(private readonly health: ChannelHealth) {}

  @Get()
  async list(@Req() req: FastifyRequest) {
    adminOnly(req);
    return { destinations: await this.health.overview() };
  }

  @Post('test')
  @HttpCode(200)
  async test(@Req() req: FastifyRequest) {
    adminOnly(req);
    return { results: await this.health.test() };
  }
}
