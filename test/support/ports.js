'use strict';
const { createServer } = require('node:net');

/**
 * Asks the OS for a free TCP port on 127.0.0.1. There is a small window
 * between closing the probe and the app binding the port; tests run in band
 * and the bench takes its ports one side at a time, so nothing races for it.
 * Plain CommonJS (typed by ports.d.ts): the tests and bench/ share it.
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        return reject(new Error('could not read the probe port'));
      }
      probe.close(() => resolve(address.port));
    });
  });
}

module.exports = { freePort };
