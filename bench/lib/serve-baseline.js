'use strict';
/**
 * What both raw baseline gateways share besides their accept route: a
 * /health that pings Redis, a clean stop on SIGTERM/SIGINT, and listening.
 */
function serveBaseline(app, queue, { name, port, host }) {
  app.get('/health', async (request, reply) => {
    try {
      await (await queue.getBackend().client).ping();
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'down' });
    }
  });

  async function shutdown() {
    await app.close();
    await queue.close();
    process.exit(0);
  }
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  return app.listen({ port, host }).then(
    () => console.log(`${name} ready on http://${host}:${port}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

module.exports = { serveBaseline };
