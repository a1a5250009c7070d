'use strict';
/**
 * An in-process SMTP server per side that accepts every message and counts
 * each lead's one new-lead alert by its X-Lead-Id header, with the time of
 * the first and the last, so a drain's rate needs no mailbox.
 */
const { SMTPServer } = require('smtp-server');

const now = () => performance.now();

async function startSink(label) {
  const sink = {
    label,
    ids: new Set(),
    messages: 0,
    duplicates: 0,
    other: 0,
    first: null,
    last: null,
    reset() {
      this.ids.clear();
      this.messages = 0;
      this.duplicates = 0;
      this.other = 0;
      this.first = this.last = null;
    },
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    maxClients: 200,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      let head = '';
      let inHead = true;
      stream.on('data', (chunk) => {
        if (!inHead) return;
        head += chunk.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end >= 0) {
          head = head.slice(0, end);
          inHead = false;
        } else if (head.length > 256 * 1024) inHead = false;
      });
      stream.on('end', () => {
        const t = now();
        sink.messages++;
        const notice = (/^X-Lead-Notice:[ \t]*(\S+)/im.exec(head) || [])[1];
        const m = /^X-Lead-Id:[ \t]*(\S+)/im.exec(head);
        const key = m ? m[1] : `message-${sink.messages}`;
        // Only the one new-lead alert per lead counts (not digests,
        // visitor confirmations or reminders).
        if (notice && notice !== 'new-lead') sink.other++;
        else if (sink.ids.has(key)) sink.duplicates++;
        else {
          sink.ids.add(key);
          if (sink.first === null) sink.first = t;
          sink.last = t;
        }
        callback(null, 'queued');
      });
    },
  });
  server.on('error', (err) => process.stderr.write(`[bench] smtp sink ${label}: ${err.message}\n`));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.port = server.server.address().port;
  sink.close = () => new Promise((resolve) => server.close(resolve));
  return sink;
}

module.exports = { startSink };
