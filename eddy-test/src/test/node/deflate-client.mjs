// Round-trips messages through an Eddy echo endpoint with the ws package and permessage-deflate:
// node deflate-client.mjs ws://127.0.0.1:PORT/path
// Prints one line per message and "ok N messages" at the end; exits 1 on the first problem.
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

const url = process.argv[2];
const fail = (why) => { console.error('FAIL ' + why); process.exit(1); };
setTimeout(() => fail('no answer within 30 s'), 30_000).unref();

const messages = [
  ['small text', 'hello'],
  ['empty text', ''],
  ['unicode text', 'κόσμε – 世界 – 🌍'.repeat(10)],
  ['large compressible text', 'The quick brown fox jumps over the lazy dog. '.repeat(20_000)], // 900 KB
  ['small binary', Buffer.from([1, 2, 3])],
  ['large compressible binary', Buffer.alloc(700_000, 7)],
  ['large incompressible binary', randomBytes(500_000)],
  ['small incompressible binary', randomBytes(64)],
];

// threshold 0: compress every message, small ones too
const ws = new WebSocket(url, { perMessageDeflate: { threshold: 0 } });
ws.on('error', (e) => fail('socket error: ' + e.message));
ws.on('close', (code) => { if (done < messages.length) fail('closed early with ' + code); });

let done = 0;
ws.on('open', () => {
  if (!String(ws.extensions).includes('permessage-deflate')) {
    fail('permessage-deflate was not negotiated: "' + ws.extensions + '"');
  }
  console.log('negotiated ' + ws.extensions);
  next();
});

function next() {
  if (done === messages.length) {
    const read = ws._socket.bytesRead;
    const written = ws._socket.bytesWritten;
    const payload = messages.reduce((n, [, m]) => n + Buffer.byteLength(m), 0);
    // Over a million compressible bytes each way: both sides must have compressed them.
    if (written > payload * 0.6 || read > payload * 0.6) {
      fail(`no compression on the wire: ${payload} payload bytes, ${written} written, ${read} read`);
    }
    console.log(`ok ${messages.length} messages, ${payload} payload bytes, ${written} bytes written, ${read} read`);
    ws.close(1000, 'done');
    return;
  }
  const [name, data] = messages[done];
  ws.once('message', (echo, isBinary) => {
    const binary = Buffer.isBuffer(data);
    if (isBinary !== binary) fail(name + ': came back as ' + (isBinary ? 'binary' : 'text'));
    const same = binary ? Buffer.compare(echo, data) === 0 : echo.toString('utf8') === data;
    if (!same) fail(name + ': came back different (' + echo.length + ' bytes)');
    console.log('echoed ' + name + ' (' + Buffer.byteLength(data) + ' bytes)');
    done++;
    next();
  });
  ws.send(data, { binary: Buffer.isBuffer(data) });
}
