// Tests for eddy.js against fake WebSocket and EventSource classes: no network, no npm packages.
// Run: eddy-core/src/test/js/run-tests.sh (Node 20.11+), which ./mvnw test runs in eddy-core, or
// node --test eddy-core/src/test/js/eddy.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, events, isRetryable, EddySocket, EddyEvents } from '../../main/resources/dev/eddy/js/eddy.js';

// fakeWebSocket answers a fresh WebSocket class whose instances the test drives by hand.
function fakeWebSocket() {
  return class FakeWebSocket {
    static made = [];
    static get last() { return this.made.at(-1); }
    readyState = 0;
    sent = [];
    closedWith = null;
    constructor(url, protocols) {
      this.url = url;
      this.protocols = protocols;
      FakeWebSocket.made.push(this);
    }
    send(data) {
      if (this.readyState !== 1) throw new Error('InvalidStateError');
      this.sent.push(data);
    }
    close(code, reason) {
      this.closedWith = { code, reason };
      this.readyState = 2;
    }
    // The server's side:
    open() {
      this.readyState = 1;
      this.onopen?.({ type: 'open' });
    }
    receive(data) {
      this.onmessage?.({ type: 'message', data });
    }
    drop(code = 1006, reason = '') {
      this.readyState = 3;
      this.onclose?.({ type: 'close', code, reason, wasClean: code !== 1006 });
    }
  };
}

// fakeEventSource answers a fresh EventSource class whose instances the test drives by hand.
function fakeEventSource() {
  return class FakeEventSource {
    static made = [];
    static get last() { return this.made.at(-1); }
    readyState = 0;
    listeners = new Map();
    lastEventId = '';
    closed = false;
    constructor(url, init) {
      this.url = url;
      this.init = init;
      FakeEventSource.made.push(this);
    }
    addEventListener(name, fn) {
      if (!this.listeners.has(name)) this.listeners.set(name, []);
      this.listeners.get(name).push(fn);
    }
    close() {
      this.closed = true;
      this.readyState = 2;
    }
    // The server's side; an id of undefined leaves the last id as it is, like a missing `id:`.
    open() {
      this.readyState = 1;
      this.onopen?.({ type: 'open' });
    }
    emit(name, data, id) {
      if (id !== undefined) this.lastEventId = id;
      for (const fn of this.listeners.get(name) ?? []) fn({ type: name, data, lastEventId: this.lastEventId });
    }
    fail({ givesUp }) {
      this.readyState = givesUp ? 2 : 0;
      this.onerror?.({ type: 'error' });
    }
  };
}

// fakeTime mocks setTimeout and Date for the rest of test t; t.mock.timers.tick moves both.
function fakeTime(t) {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
}

const URL_WS = 'ws://example.test/ws';
const URL_SSE = 'http://example.test/events';

function socket(options = {}) {
  const WebSocket = fakeWebSocket();
  const ws = connect(URL_WS, { WebSocket, ...options });
  return { ws, WebSocket };
}

function withLocation(href, fn) {
  const had = Object.getOwnPropertyDescriptor(globalThis, 'location');
  globalThis.location = new URL(href);
  try {
    fn();
  } finally {
    if (had) Object.defineProperty(globalThis, 'location', had);
    else delete globalThis.location;
  }
}

describe('EddySocket dispatch', () => {
  test('JSON messages go to the handlers of their type, with the whole message', () => {
    const { ws, WebSocket } = socket();
    const progress = [];
    const other = [];
    ws.on('progress', (m) => progress.push(m)).on('progress', (m) => progress.push(m.value));
    ws.on('results', (m) => other.push(m));
    WebSocket.last.open();
    WebSocket.last.receive('{"type":"progress","value":3,"total":150}');
    assert.deepEqual(progress, [{ type: 'progress', value: 3, total: 150 }, 3]);
    assert.deepEqual(other, []);
  });

  test('off removes a handler and leaves the others', () => {
    const { ws, WebSocket } = socket();
    const seen = [];
    const a = () => seen.push('a');
    ws.on('tick', a).on('tick', () => seen.push('b')).off('tick', a);
    WebSocket.last.receive('{"type":"tick"}');
    assert.deepEqual(seen, ['b']);
  });

  test('a type without a handler goes to onunhandled, parsed', () => {
    const { ws, WebSocket } = socket();
    const seen = [];
    ws.on('progress', () => assert.fail('wrong handler'));
    ws.onunhandled = (data, event) => seen.push([data, event.data]);
    WebSocket.last.receive('{"type":"done","result":42}');
    assert.deepEqual(seen, [[{ type: 'done', result: 42 }, '{"type":"done","result":42}']]);
  });

  test('JSON without a string type goes to onunhandled, parsed', () => {
    const { ws, WebSocket } = socket();
    const seen = [];
    ws.onunhandled = (data) => seen.push(data);
    for (const text of ['{"value":1}', '{"type":7}', '[1,2]', '12', 'null', '"progress"']) WebSocket.last.receive(text);
    assert.deepEqual(seen, [{ value: 1 }, { type: 7 }, [1, 2], 12, null, 'progress']);
  });

  test('text that is not JSON and binary data go to onunhandled raw', () => {
    const { ws, WebSocket } = socket();
    const seen = [];
    ws.onunhandled = (data) => seen.push(data);
    const bytes = new Uint8Array([1, 2]).buffer;
    WebSocket.last.receive('start');
    WebSocket.last.receive('{"type":');
    WebSocket.last.receive(bytes);
    assert.deepEqual(seen, ['start', '{"type":', bytes]);
  });

  test('a handler that throws is reported and the others still run', (t) => {
    const reported = typeof globalThis.reportError === 'function'
      ? t.mock.method(globalThis, 'reportError', () => {})
      : t.mock.method(console, 'error', () => {});
    const { ws, WebSocket } = socket();
    const seen = [];
    ws.on('tick', () => { throw new Error('boom'); }).on('tick', () => seen.push('second'));
    WebSocket.last.receive('{"type":"tick"}');
    assert.deepEqual(seen, ['second']);
    assert.equal(reported.mock.callCount(), 1);
    assert.equal(reported.mock.calls[0].arguments[0].message, 'boom');
  });

  test('on refuses a handler that is not a function', () => {
    const { ws } = socket();
    assert.throws(() => ws.on('tick', 'nope'), TypeError);
  });
});

describe('EddySocket send', () => {
  test('send JSON-encodes {type, ...payload}; the type wins over payload.type', () => {
    const { ws, WebSocket } = socket();
    WebSocket.last.open();
    assert.equal(ws.send('start', { kind: 'report', n: 2 }), true);
    ws.send('stop');
    ws.send('start', { type: 'sneaky' });
    assert.deepEqual(WebSocket.last.sent, ['{"type":"start","kind":"report","n":2}', '{"type":"stop"}', '{"type":"start"}']);
  });

  test('sendRaw sends data as is', () => {
    const { ws, WebSocket } = socket();
    WebSocket.last.open();
    ws.sendRaw('start');
    assert.deepEqual(WebSocket.last.sent, ['start']);
  });

  test('messages sent before the socket opens are queued and sent in order on open', () => {
    const { ws, WebSocket } = socket();
    assert.equal(ws.send('a'), false);
    assert.equal(ws.sendRaw('b'), false);
    assert.deepEqual(WebSocket.last.sent, []);
    WebSocket.last.open();
    assert.deepEqual(WebSocket.last.sent, ['{"type":"a"}', 'b']);
  });

  test('the outbox keeps the newest outboxSize messages and drops the oldest', () => {
    const { ws, WebSocket } = socket({ outboxSize: 3 });
    for (let i = 1; i <= 5; i++) ws.sendRaw(String(i));
    WebSocket.last.open();
    assert.deepEqual(WebSocket.last.sent, ['3', '4', '5']);
  });

  test('outboxSize 0 drops messages sent while not open', () => {
    const { ws, WebSocket } = socket({ outboxSize: 0 });
    assert.equal(ws.sendRaw('lost'), false);
    WebSocket.last.open();
    assert.deepEqual(WebSocket.last.sent, []);
  });

  test('messages sent while reconnecting go out on the new connection', (t) => {
    fakeTime(t);
    const { ws, WebSocket } = socket({ initialDelay: 100, jitter: 0 });
    WebSocket.last.open();
    WebSocket.last.drop(1006);
    ws.sendRaw('queued');
    t.mock.timers.tick(100);
    WebSocket.last.open();
    assert.deepEqual(WebSocket.last.sent, ['queued']);
  });

  test('send after close() throws', () => {
    const { ws } = socket();
    ws.close();
    assert.throws(() => ws.send('start'), /closed EddySocket/);
  });
});

describe('EddySocket reconnect', () => {
  test('reconnects with exponential backoff up to maxDelay', (t) => {
    fakeTime(t);
    const { ws, WebSocket } = socket({ initialDelay: 100, maxDelay: 500, jitter: 0 });
    const scheduled = [];
    ws.onreconnecting = (r) => scheduled.push(r);
    for (const delay of [100, 200, 400, 500, 500]) {
      const made = WebSocket.made.length;
      WebSocket.last.drop(1006);
      assert.equal(ws.state, 'reconnecting');
      t.mock.timers.tick(delay - 1);
      assert.equal(WebSocket.made.length, made, 'not before ' + delay + ' ms');
      t.mock.timers.tick(1);
      assert.equal(WebSocket.made.length, made + 1, 'at ' + delay + ' ms');
      assert.equal(ws.state, 'connecting');
    }
    assert.deepEqual(scheduled.map((r) => r.attempt), [1, 2, 3, 4, 5]);
    assert.deepEqual(scheduled.map((r) => r.delay), [100, 200, 400, 500, 500]);
    assert.equal(WebSocket.last.url, URL_WS);
  });

  test('jitter takes up to its share off each delay', (t) => {
    fakeTime(t);
    t.mock.method(Math, 'random', () => 1);
    const { ws, WebSocket } = socket({ initialDelay: 1000, jitter: 0.25 });
    const delays = [];
    ws.onreconnecting = (r) => delays.push(r.delay);
    WebSocket.last.drop(1006);
    t.mock.timers.tick(750);
    Math.random.mock.mockImplementation(() => 0);
    WebSocket.last.drop(1006);
    assert.deepEqual(delays, [750, 2000]);
  });

  test('the backoff starts over after a connection stays open for stableAfter', (t) => {
    fakeTime(t);
    const { ws, WebSocket } = socket({ initialDelay: 100, jitter: 0, stableAfter: 1000 });
    const delays = [];
    ws.onreconnecting = (r) => delays.push(r.delay);
    WebSocket.last.drop(1006);
    t.mock.timers.tick(100);
    WebSocket.last.open();
    t.mock.timers.tick(999); // not stable yet
    WebSocket.last.drop(1006);
    t.mock.timers.tick(200);
    WebSocket.last.open();
    t.mock.timers.tick(1000); // stable
    WebSocket.last.drop(1006);
    assert.deepEqual(delays, [100, 200, 100]);
  });

  test('close() closes the socket and stops reconnecting', (t) => {
    fakeTime(t);
    const { ws, WebSocket } = socket({ initialDelay: 100, jitter: 0 });
    const closes = [];
    ws.onclose = (event, willReconnect) => closes.push([event.code, willReconnect]);
    WebSocket.last.open();
    ws.close(1000, 'bye');
    assert.deepEqual(WebSocket.last.closedWith, { code: 1000, reason: 'bye' });
    assert.equal(ws.state, 'closed');
    WebSocket.last.drop(1006); // even an abnormal close after close() is final
    t.mock.timers.tick(60_000);
    assert.equal(WebSocket.made.length, 1);
    assert.deepEqual(closes, [[1006, false]]);
  });

  test('close() during a reconnect delay cancels the reconnect', (t) => {
    fakeTime(t);
    const { ws, WebSocket } = socket({ initialDelay: 100, jitter: 0 });
    WebSocket.last.drop(1006);
    ws.close();
    t.mock.timers.tick(60_000);
    assert.equal(WebSocket.made.length, 1);
    assert.equal(ws.state, 'closed');
  });

  test('no reconnect after codes that mean do not retry', (t) => {
    fakeTime(t);
    for (const code of [1000, 1002, 1003, 1007, 1008, 1009, 1010]) {
      const { ws, WebSocket } = socket({ initialDelay: 100, jitter: 0 });
      const closes = [];
      ws.onclose = (event, willReconnect) => closes.push(willReconnect);
      WebSocket.last.open();
      ws.sendRaw('x');
      WebSocket.last.drop(code);
      t.mock.timers.tick(60_000);
      assert.equal(WebSocket.made.length, 1, 'code ' + code);
      assert.equal(ws.state, 'closed');
      assert.deepEqual(closes, [false]);
      assert.throws(() => ws.sendRaw('x'));
    }
  });

  test('isRetryable: going away, abnormal closure, server errors and app codes retry', () => {
    for (const code of [1001, 1006, 1011, 1012, 1013, 1014, 4000, 4999]) assert.equal(isRetryable(code), true, 'code ' + code);
    for (const code of [1000, 1008]) assert.equal(isRetryable(code), false, 'code ' + code);
  });

  test('shouldReconnect overrides the default', (t) => {
    fakeTime(t);
    const { WebSocket } = socket({ initialDelay: 100, jitter: 0, shouldReconnect: (e) => e.code !== 4001 });
    WebSocket.last.drop(1000);
    t.mock.timers.tick(100);
    assert.equal(WebSocket.made.length, 2);
    WebSocket.last.drop(4001);
    t.mock.timers.tick(60_000);
    assert.equal(WebSocket.made.length, 2);
  });

  test('a failed first connection is retried too, and retries bounds the attempts', (t) => {
    fakeTime(t);
    const { ws, WebSocket } = socket({ initialDelay: 100, jitter: 0, retries: 2 });
    const closes = [];
    ws.onclose = (event, willReconnect) => closes.push(willReconnect);
    WebSocket.last.drop(1006);
    t.mock.timers.tick(100);
    WebSocket.last.drop(1006);
    t.mock.timers.tick(200);
    WebSocket.last.drop(1006);
    t.mock.timers.tick(60_000);
    assert.equal(WebSocket.made.length, 3);
    assert.deepEqual(closes, [true, true, false]);
    assert.equal(ws.state, 'closed');
  });

  test('open, close, error and reconnecting hooks fire in order', (t) => {
    fakeTime(t);
    const { ws, WebSocket } = socket({ initialDelay: 100, jitter: 0 });
    const seen = [];
    ws.onopen = () => seen.push('open');
    ws.onerror = () => seen.push('error');
    ws.onclose = (e, again) => seen.push('close ' + e.code + ' ' + again);
    ws.onreconnecting = (r) => seen.push('reconnecting ' + r.attempt + ' ' + r.delay);
    WebSocket.last.open();
    WebSocket.last.onerror({ type: 'error' });
    WebSocket.last.drop(1006);
    t.mock.timers.tick(100);
    WebSocket.last.open();
    assert.deepEqual(seen, ['open', 'error', 'close 1006 true', 'reconnecting 1 100', 'open']);
  });

  test('bad backoff options are refused', () => {
    assert.throws(() => socket({ jitter: 2 }), RangeError);
    assert.throws(() => socket({ initialDelay: 100, maxDelay: 50 }), RangeError);
    assert.throws(() => socket({ outboxSize: -1 }), RangeError);
  });
});

describe('EddySocket URLs', () => {
  test('relative URLs resolve against location, ws from http and wss from https', () => {
    const WebSocket = fakeWebSocket();
    withLocation('http://app.test:8080/tasks/page?x=1', () => {
      assert.equal(connect('/ws', { WebSocket }).url, 'ws://app.test:8080/ws');
      assert.equal(connect('socket', { WebSocket }).url, 'ws://app.test:8080/tasks/socket');
      assert.equal(connect('wss://other.test/ws', { WebSocket }).url, 'wss://other.test/ws');
    });
    withLocation('https://app.test/', () => {
      assert.equal(connect('/ws?room=1', { WebSocket }).url, 'wss://app.test/ws?room=1');
    });
    assert.deepEqual(WebSocket.made.map((w) => w.url), [
      'ws://app.test:8080/ws', 'ws://app.test:8080/tasks/socket', 'wss://other.test/ws', 'wss://app.test/ws?room=1']);
  });

  test('protocols reach the WebSocket constructor', () => {
    const { WebSocket } = socket({ protocols: ['eddy.v1'] });
    assert.deepEqual(WebSocket.last.protocols, ['eddy.v1']);
  });

  test('outside a browser a relative URL or a missing WebSocket is a clear error', () => {
    assert.throws(() => connect('/ws', { WebSocket: fakeWebSocket() }), TypeError);
    if (typeof globalThis.WebSocket !== 'function') {
      assert.throws(() => new EddySocket(URL_WS), /pass one as options.WebSocket/);
    }
  });
});

function stream(options = {}) {
  const EventSource = fakeEventSource();
  const es = events(URL_SSE, { EventSource, ...options });
  return { es, EventSource };
}

describe('EddyEvents', () => {
  test('data that is JSON arrives parsed, anything else as the raw string', () => {
    const { es, EventSource } = stream();
    const seen = [];
    es.on('message', (data, event) => seen.push([data, event.data]));
    EventSource.last.open();
    EventSource.last.emit('message', '{"user":"ann","text":"hi"}');
    EventSource.last.emit('message', 'plain words');
    EventSource.last.emit('message', '42');
    assert.deepEqual(seen, [
      [{ user: 'ann', text: 'hi' }, '{"user":"ann","text":"hi"}'],
      ['plain words', 'plain words'],
      [42, '42'],
    ]);
  });

  test('named events go to their own handlers; off removes one', () => {
    const { es, EventSource } = stream();
    const seen = [];
    const joined = (d) => seen.push('joined ' + d.user);
    es.on('joined', joined).on('left', (d) => seen.push('left ' + d.user));
    EventSource.last.emit('joined', '{"user":"bo"}');
    EventSource.last.emit('left', '{"user":"bo"}');
    es.off('joined', joined);
    EventSource.last.emit('joined', '{"user":"cy"}');
    assert.deepEqual(seen, ['joined bo', 'left bo']);
  });

  test('errors the browser recovers from leave the EventSource alone', (t) => {
    fakeTime(t);
    const { es, EventSource } = stream();
    let errors = 0;
    es.onerror = () => errors++;
    EventSource.last.open();
    EventSource.last.fail({ givesUp: false });
    t.mock.timers.tick(60_000);
    assert.equal(EventSource.made.length, 1);
    assert.equal(errors, 1);
    assert.equal(es.state, 'connecting');
  });

  test('when the browser gives up, a new EventSource resumes from the last id in the query', (t) => {
    fakeTime(t);
    const { es, EventSource } = stream({ initialDelay: 100, jitter: 0 });
    const seen = [];
    es.on('message', (d) => seen.push(d.n));
    const scheduled = [];
    es.onreconnecting = (r) => scheduled.push(r.delay);
    const first = EventSource.last;
    first.open();
    first.emit('message', '{"n":1}', '7');
    first.emit('message', '{"n":2}', '8');
    assert.equal(es.lastEventId, '8');
    first.fail({ givesUp: true });
    assert.equal(first.closed, true);
    assert.equal(es.state, 'reconnecting');
    t.mock.timers.tick(99);
    assert.equal(EventSource.made.length, 1);
    t.mock.timers.tick(1);
    assert.equal(EventSource.made.length, 2);
    assert.equal(EventSource.last.url, URL_SSE + '?lastEventId=8');
    EventSource.last.open();
    EventSource.last.emit('message', '{"n":3}', '9');
    first.emit('message', '{"n":99}', '99'); // the old source is ignored
    assert.deepEqual(seen, [1, 2, 3]);
    assert.deepEqual(scheduled, [100]);
    assert.equal(es.lastEventId, '9');
  });

  test('the resume parameter name is configurable and keeps the URL query', (t) => {
    fakeTime(t);
    const EventSource = fakeEventSource();
    const es = events(URL_SSE + '?room=a&lastEventId=old', { EventSource, lastEventIdParam: 'since', initialDelay: 10, jitter: 0 });
    es.on('message', () => {});
    EventSource.last.emit('message', 'x', 'a b&c');
    EventSource.last.fail({ givesUp: true });
    t.mock.timers.tick(10);
    const url = new URL(EventSource.last.url);
    assert.equal(url.searchParams.get('room'), 'a');
    assert.equal(url.searchParams.get('since'), 'a b&c');
  });

  test('no id seen, no resume parameter; an initial lastEventId goes on the first URL', (t) => {
    fakeTime(t);
    const { EventSource } = stream({ initialDelay: 10, jitter: 0 });
    EventSource.last.fail({ givesUp: true });
    t.mock.timers.tick(10);
    assert.equal(EventSource.last.url, URL_SSE);
    const resumed = stream({ lastEventId: '41' });
    assert.equal(resumed.EventSource.last.url, URL_SSE + '?lastEventId=41');
    assert.equal(resumed.es.lastEventId, '41');
  });

  test('the new EventSource gets every handler registered so far', (t) => {
    fakeTime(t);
    const { es, EventSource } = stream({ initialDelay: 10, jitter: 0 });
    const seen = [];
    es.on('a', (d) => seen.push('a' + d));
    EventSource.last.fail({ givesUp: true });
    es.on('b', (d) => seen.push('b' + d)); // registered while waiting to reconnect
    t.mock.timers.tick(10);
    EventSource.last.emit('a', '1');
    EventSource.last.emit('b', '2');
    assert.deepEqual(seen, ['a1', 'b2']);
    assert.deepEqual([...EventSource.last.listeners.keys()], ['a', 'b']);
  });

  test('backoff grows while the stream keeps failing and starts over once it is stable', (t) => {
    fakeTime(t);
    const { es, EventSource } = stream({ initialDelay: 100, jitter: 0, stableAfter: 1000 });
    const delays = [];
    es.onreconnecting = (r) => delays.push(r.delay);
    EventSource.last.fail({ givesUp: true });
    t.mock.timers.tick(100);
    EventSource.last.fail({ givesUp: true });
    t.mock.timers.tick(200);
    EventSource.last.open();
    t.mock.timers.tick(1000);
    EventSource.last.fail({ givesUp: true });
    assert.deepEqual(delays, [100, 200, 100]);
  });

  test('close() closes the EventSource and stops reconnecting', (t) => {
    fakeTime(t);
    const { es, EventSource } = stream({ initialDelay: 10, jitter: 0 });
    EventSource.last.fail({ givesUp: true });
    es.close();
    t.mock.timers.tick(60_000);
    assert.equal(EventSource.made.length, 1);
    const other = stream();
    other.es.close();
    assert.equal(other.EventSource.last.closed, true);
    assert.equal(other.es.state, 'closed');
  });

  test('withCredentials reaches the EventSource; relative URLs resolve against location', () => {
    const EventSource = fakeEventSource();
    withLocation('https://app.test/chat/', () => {
      const es = new EddyEvents('events', { EventSource, withCredentials: true });
      assert.equal(es.url, 'https://app.test/chat/events');
    });
    assert.deepEqual(EventSource.last.init, { withCredentials: true });
  });
});

describe('eddy.d.ts', () => {
  const dts = readFileSync(new URL('../../main/resources/dev/eddy/js/eddy.d.ts', import.meta.url), 'utf8');

  test('declares exactly what eddy.js exports', async () => {
    const declared = [...dts.matchAll(/^export (?:class|function) (\w+)/gm)].map((m) => m[1]).sort();
    const exported = Object.keys(await import('../../main/resources/dev/eddy/js/eddy.js')).sort();
    assert.deepEqual(declared, exported);
  });

  test('declares exactly the public members of each class', () => {
    const samples = {
      EddySocket: new EddySocket(URL_WS, { WebSocket: fakeWebSocket() }),
      EddyEvents: new EddyEvents(URL_SSE, { EventSource: fakeEventSource() }),
    };
    for (const [name, sample] of Object.entries(samples)) {
      const body = dts.match(new RegExp('^export class ' + name + '\\b[^]*?^}', 'm'))[0];
      const declared = [...body.matchAll(/^ {2}(?:readonly )?(\w+)[<(:?]/gm)].map((m) => m[1]).filter((m) => m !== 'constructor').sort();
      const proto = Object.getOwnPropertyNames(Object.getPrototypeOf(sample)).filter((m) => m !== 'constructor');
      assert.deepEqual(declared, [...proto, ...Object.keys(sample)].sort(), name);
    }
  });
});
