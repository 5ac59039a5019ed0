// Tests for eddy.js's task client (TaskClient, TaskHandle) against a fake WebSocket that plays
// the server's side of the TaskSocket protocol by hand: no network, no npm packages.
// Run: eddy-core/src/test/js/run-tests.sh, or node --test eddy-core/src/test/js/tasks.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, taskClient, TaskClient, TaskError, TaskHandle } from '../../main/resources/dev/eddy/js/eddy.js';

const URL_WS = 'ws://example.test/api/tasks/ws';

// fakeWebSocket answers a fresh WebSocket class whose instances the test drives as the server.
function fakeWebSocket() {
  return class FakeWebSocket {
    static made = [];
    static get last() { return this.made.at(-1); }
    readyState = 0;
    sent = [];
    constructor(url) {
      this.url = url;
      FakeWebSocket.made.push(this);
    }
    send(data) {
      if (this.readyState !== 1) throw new Error('InvalidStateError');
      this.sent.push(JSON.parse(data));
    }
    close(code, reason) {
      this.closedWith = { code, reason };
      this.readyState = 3;
    }
    // The server's side:
    open(kinds = ['report']) {
      this.readyState = 1;
      this.onopen?.({ type: 'open' });
      this.receive({ type: 'ready', kinds });
    }
    receive(message) {
      this.onmessage?.({ type: 'message', data: JSON.stringify(message) });
    }
    drop(code = 1006) {
      this.readyState = 3;
      this.onclose?.({ type: 'close', code, reason: '', wasClean: false });
    }
    /** The sent messages of type, and forgets every sent message. */
    take(type) {
      const out = this.sent.filter((m) => type === undefined || m.type === type);
      this.sent = [];
      return out;
    }
  };
}

// fakeStorage is a Storage that lives as long as the test: what sessionStorage keeps across reloads.
function fakeStorage() {
  const map = new Map();
  return {
    map,
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => map.set(k, String(v)),
    removeItem: (k) => map.delete(k),
  };
}

function setup(options = {}) {
  const WebSocket = options.WebSocket ?? fakeWebSocket();
  const storage = options.storage ?? fakeStorage();
  const client = taskClient(URL_WS, { WebSocket, storage, initialDelay: 10, jitter: 0 });
  return { client, WebSocket, storage };
}

function info(id, fields = {}) {
  return { id, kind: 'report', state: 'running', value: 0, total: 0, message: null, lastEventId: 2, ...fields };
}

const ID = 'AAAAAAAAAAAAAAAAAAAA';

// answerStart answers the oldest start not answered yet with `started` for task id; returns it.
function answerStart(ws, id = ID, task = info(id, { state: 'queued', lastEventId: 1 })) {
  const i = ws.sent.findIndex((m) => m.type === 'start');
  assert.ok(i >= 0, 'a start was sent');
  const [start] = ws.sent.splice(i, 1);
  ws.receive({ type: 'started', id, bound: start.bound, task, ref: start.ref });
  return start;
}

const settled = (promise) => Promise.race([promise.then((v) => ({ value: v }), (e) => ({ error: e })),
  new Promise((resolve) => setImmediate(() => resolve('pending')))]);

describe('TaskClient start', () => {
  test('a start waits for the ready greeting, then goes out with a ref; started gives the handle its id', () => {
    const { client, WebSocket } = setup();
    const handle = client.start('report', { year: 2024 });
    assert.equal(handle.id, null);
    assert.equal(handle.state, 'starting');
    assert.equal(client.kinds, null);
    WebSocket.last.open(['report', 'export']);
    assert.deepEqual(client.kinds, ['report', 'export']);
    const start = answerStart(WebSocket.last);
    assert.deepEqual(start, { type: 'start', kind: 'report', bound: true, ref: start.ref, args: { year: 2024 } });
    assert.equal(handle.id, ID);
    assert.equal(handle.state, 'queued');
    assert.equal(handle.task.kind, 'report');
  });

  test('a kind without arguments sends none; bound: false detaches', () => {
    const { client, WebSocket } = setup();
    WebSocket.last.open();
    client.start('report', undefined, { bound: false });
    assert.deepEqual(Object.keys(WebSocket.last.take('start')[0]).sort(), ['bound', 'kind', 'ref', 'type']);
    client.start('report');
    assert.equal(WebSocket.last.take('start')[0].bound, true);
  });

  test('progress and custom events reach their handle in event order, each once', () => {
    const { client, WebSocket } = setup();
    WebSocket.last.open();
    const handle = client.start('report');
    const other = client.start('report');
    answerStart(WebSocket.last, ID);
    answerStart(WebSocket.last, 'BBBBBBBBBBBBBBBBBBBB');
    const seen = [];
    handle.onProgress((p) => seen.push(['progress', p.value, p.total, p.message]));
    handle.on('page', (m) => seen.push(['page', m.data.n]));
    other.onProgress(() => seen.push(['the other task']));
    const ws = WebSocket.last;
    ws.receive({ type: 'queued', id: ID, eventId: 1, task: info(ID, { state: 'queued' }) });
    ws.receive({ type: 'running', id: ID, eventId: 2, task: info(ID) });
    ws.receive({ type: 'progress', id: ID, eventId: 3, value: 1, total: 10, message: 'one' });
    ws.receive({ type: 'page', id: ID, eventId: 4, data: { n: 1 } });
    ws.receive({ type: 'progress', id: ID, eventId: 3, value: 1, total: 10 }); // again: ignored
    ws.receive({ type: 'progress', id: ID, eventId: 6, value: 3, total: 10 }); // 5 was replaced
    assert.deepEqual(seen, [['progress', 1, 10, 'one'], ['page', 1], ['progress', 3, 10, undefined]]);
    assert.equal(handle.state, 'running');
    assert.equal(handle.lastEventId, 6);
    assert.deepEqual(handle.progress, { value: 3, total: 10, message: undefined });
  });

  test('done resolves with the final event; on() sees it too', async () => {
    const { client, WebSocket } = setup();
    WebSocket.last.open();
    const handle = client.start('report');
    answerStart(WebSocket.last);
    const ends = [];
    handle.on('succeeded', (m) => ends.push(m.result));
    const end = { type: 'succeeded', id: ID, eventId: 9, result: { rows: 3 }, task: info(ID, { state: 'succeeded' }) };
    WebSocket.last.receive(end);
    assert.deepEqual(await handle.done, end);
    assert.deepEqual(ends, [{ rows: 3 }]);
    assert.equal(handle.state, 'succeeded');
    assert.equal(handle.finished, true);
    WebSocket.last.receive({ type: 'progress', id: ID, eventId: 10, value: 1, total: 1 }); // nothing after the end
    assert.equal(handle.lastEventId, 9);
  });

  test('a refused start rejects done with a TaskError carrying the code', async () => {
    const { client, WebSocket } = setup();
    WebSocket.last.open();
    const handle = client.start('nope');
    const { ref } = WebSocket.last.take('start')[0];
    WebSocket.last.receive({ type: 'error', code: 404, error: "No task kind 'nope'", ref });
    await assert.rejects(handle.done, (e) => e instanceof TaskError && e.code === 404 && e.message === "No task kind 'nope'");
    assert.equal(handle.state, 'error');
  });

  test('arguments are checked', () => {
    const { client } = setup();
    assert.throws(() => client.start(''), TypeError);
    assert.throws(() => client.attach(42), TypeError);
    assert.throws(() => client.start('report').onProgress('no'), TypeError);
  });
});

describe('TaskHandle stop and unwatch', () => {
  test('stop sends cancel with the id and answers done', async () => {
    const { client, WebSocket } = setup();
    WebSocket.last.open();
    const handle = client.start('report');
    answerStart(WebSocket.last);
    const done = handle.stop();
    assert.equal(done, handle.done);
    assert.deepEqual(WebSocket.last.take('cancel'), [{ type: 'cancel', id: ID }]);
    handle.stop(); // once is enough
    assert.deepEqual(WebSocket.last.take('cancel'), []);
    WebSocket.last.receive({ type: 'cancelling', id: ID });
    WebSocket.last.receive({ type: 'cancelled', id: ID, eventId: 4, error: { code: 'cancelled', message: 'cancelled by request' } });
    assert.equal((await done).type, 'cancelled');
  });

  test('a stop before the start is answered goes out right after it', () => {
    const { client, WebSocket } = setup();
    WebSocket.last.open();
    const handle = client.start('report');
    handle.stop();
    assert.deepEqual(WebSocket.last.sent.map((m) => m.type), ['start']);
    answerStart(WebSocket.last);
    WebSocket.last.receive({ type: 'started', id: 'late' }); // an answer to nothing: ignored
    assert.deepEqual(WebSocket.last.take(), [{ type: 'cancel', id: ID }]);
  });

  test('a cancel refused because the task ended (409) leaves the handle to its final event', async () => {
    const { client, WebSocket } = setup();
    WebSocket.last.open();
    const handle = client.start('report');
    answerStart(WebSocket.last);
    handle.stop();
    WebSocket.last.receive({ type: 'error', code: 409, error: 'has already finished', id: ID });
    assert.equal(await settled(handle.done), 'pending');
    WebSocket.last.receive({ type: 'succeeded', id: ID, eventId: 5, result: 1 });
    assert.equal((await handle.done).type, 'succeeded');
  });

  test('unwatch tells the server, forgets the task and rejects done', async () => {
    const { client, WebSocket } = setup();
    WebSocket.last.open();
    const handle = client.start('report');
    answerStart(WebSocket.last);
    handle.unwatch();
    assert.deepEqual(WebSocket.last.take(), [{ type: 'unwatch', id: ID }]);
    await assert.rejects(handle.done, TaskError);
    WebSocket.last.receive({ type: 'progress', id: ID, eventId: 7, value: 1, total: 2 });
    assert.equal(handle.lastEventId, 0);
  });

  test('a custom event named like a reply still reaches its handle', () => {
    const { client, WebSocket } = setup();
    WebSocket.last.open();
    const handle = client.start('report');
    answerStart(WebSocket.last);
    const seen = [];
    handle.on('error', (m) => seen.push(m.data));
    handle.on('started', (m) => seen.push(m.data));
    WebSocket.last.receive({ type: 'error', id: ID, eventId: 3, data: 'a line failed' });
    WebSocket.last.receive({ type: 'started', id: ID, eventId: 4, data: 'phase 2' });
    assert.deepEqual(seen, ['a line failed', 'phase 2']);
    assert.equal(handle.finished, false);
  });
});

describe('TaskClient re-attaching', () => {
  test('a remembered task is kept in storage and re-attached by the next page, which goes on from there', async () => {
    const storage = fakeStorage();
    const WebSocket = fakeWebSocket();
    const page1 = setup({ storage, WebSocket }).client;
    WebSocket.last.open();
    const first = page1.start('report', null, { remember: 'report' });
    const start = answerStart(WebSocket.last);
    assert.equal(start.bound, false, 'a remembered task is detached: the page that started it goes away');
    WebSocket.last.receive({ type: 'progress', id: ID, eventId: 5, value: 40, total: 150 });
    assert.equal(first.lastEventId, 5);
    assert.deepEqual(JSON.parse(storage.getItem('eddy.task:report')), { id: ID, kind: 'report', after: 5 });
    WebSocket.last.drop(1001); // the page unloads

    const page2 = setup({ storage, WebSocket }).client;
    assert.equal(page2.resume('nothing'), null);
    const again = page2.resume('report');
    assert.equal(again.id, ID);
    assert.equal(again.kind, 'report');
    assert.equal(again.lastEventId, 5);
    const bar = [];
    again.onProgress((p) => bar.push(p.value));
    WebSocket.last.open();
    assert.deepEqual(WebSocket.last.take(), [{ type: 'watch', id: ID, after: 5 }]);
    // the snapshot shows where it is now; events after 5 follow
    WebSocket.last.receive({ type: 'watching', id: ID, resume: 'complete', task: info(ID, { value: 41, total: 150, lastEventId: 6 }) });
    WebSocket.last.receive({ type: 'progress', id: ID, eventId: 6, value: 41, total: 150 });
    WebSocket.last.receive({ type: 'progress', id: ID, eventId: 7, value: 42, total: 150 });
    assert.deepEqual(bar, [41, 41, 42]);
    assert.equal(JSON.parse(storage.getItem('eddy.task:report')).after, 7);
    WebSocket.last.receive({ type: 'succeeded', id: ID, eventId: 8, result: 'ok' });
    assert.equal((await again.done).result, 'ok');
    assert.equal(storage.getItem('eddy.task:report'), null, 'forgotten once it ended');
    assert.equal(setup({ storage, WebSocket }).client.resume('report'), null);
  });

  test('the storage key is configurable, and storage that fails or holds junk is survived', () => {
    const storage = fakeStorage();
    const WebSocket = fakeWebSocket();
    const client = taskClient(URL_WS, { WebSocket, storage, storageKey: 'app' });
    WebSocket.last.open();
    client.start('report', null, { remember: 'r' });
    answerStart(WebSocket.last);
    assert.deepEqual([...storage.map.keys()], ['app:r']);
    storage.setItem('app:x', '{not json');
    storage.setItem('app:y', JSON.stringify({ id: 7 }));
    assert.equal(client.resume('x'), null);
    assert.equal(client.resume('y'), null);
    const denied = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); }, removeItem() { throw new Error('denied'); } };
    const other = taskClient(URL_WS, { WebSocket, storage: denied });
    WebSocket.last.open();
    assert.equal(other.resume('r'), null);
    other.start('report', null, { remember: 'r' });
    answerStart(WebSocket.last);
  });

  test('after a reconnect every unfinished task is watched again after its last event', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const { client, WebSocket } = setup();
    WebSocket.last.open();
    const a = client.start('report');
    answerStart(WebSocket.last, 'A'.repeat(20));
    const b = client.attach('B'.repeat(20), { after: 3 });
    assert.deepEqual(WebSocket.last.take('watch'), [{ type: 'watch', id: 'B'.repeat(20), after: 3 }]);
    WebSocket.last.receive({ type: 'progress', id: 'A'.repeat(20), eventId: 4, value: 1, total: 5 });
    b.stop();
    WebSocket.last.take();
    WebSocket.last.drop(1006);
    const seen = [];
    a.onProgress((p) => seen.push(p.value));
    const held = client.start('report'); // while reconnecting: waits for the next ready
    t.mock.timers.tick(10);
    const ws = WebSocket.last;
    assert.equal(WebSocket.made.length, 2);
    assert.deepEqual(ws.sent, [], 'nothing before the server greets the new connection');
    ws.open();
    assert.deepEqual(ws.take().map(({ ref, ...m }) => m), [
      { type: 'watch', id: 'A'.repeat(20), after: 4 },
      { type: 'watch', id: 'B'.repeat(20), after: 3 },
      { type: 'cancel', id: 'B'.repeat(20) }, // the stop asked for before the drop, again
      { type: 'start', kind: 'report', bound: true },
    ]);
    ws.receive({ type: 'watching', id: 'A'.repeat(20), resume: 'complete', task: info('A'.repeat(20), { value: 2, total: 5, lastEventId: 5 }) });
    ws.receive({ type: 'progress', id: 'A'.repeat(20), eventId: 4, value: 1, total: 5 }); // seen before the drop
    ws.receive({ type: 'progress', id: 'A'.repeat(20), eventId: 5, value: 2, total: 5 });
    assert.deepEqual(seen, [2, 2]);
    assert.equal(held.state, 'starting');
  });

  test('a start whose connection closed before the answer rejects: it may or may not have started', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const { client, WebSocket } = setup();
    WebSocket.last.open();
    const lost = client.start('report');
    WebSocket.last.drop(1006);
    t.mock.timers.tick(10);
    WebSocket.last.open();
    await assert.rejects(lost.done, (e) => e instanceof TaskError && e.code === 0 && /may or may not have started/.test(e.message));
  });

  test('a watch refused as unknown (404) rejects and forgets the slot; a gap or unknown resume is taken as it comes', async () => {
    const storage = fakeStorage();
    storage.setItem('eddy.task:old', JSON.stringify({ id: 'gone', kind: 'report', after: 9 }));
    const { client, WebSocket } = setup({ storage });
    const old = client.resume('old');
    WebSocket.last.open();
    WebSocket.last.receive({ type: 'error', code: 404, error: "No task 'gone'", id: 'gone' });
    await assert.rejects(old.done, (e) => e.code === 404 && e.taskId === 'gone');
    assert.equal(storage.getItem('eddy.task:old'), null);

    const reset = client.attach(ID, { after: 50 });
    WebSocket.last.receive({ type: 'watching', id: ID, resume: 'unknown', task: info(ID, { lastEventId: 3 }) });
    assert.equal(reset.lastEventId, 0, 'an id the server does not know: the replay is taken whole');
    WebSocket.last.receive({ type: 'queued', id: ID, eventId: 1, task: info(ID, { state: 'queued' }) });
    assert.equal(reset.lastEventId, 1);
  });

  test('a task whose end was seen before ends from the watching snapshot', async () => {
    const { client, WebSocket } = setup();
    const handle = client.attach(ID, { after: 12 });
    WebSocket.last.open();
    const task = info(ID, { state: 'failed', lastEventId: 12, error: { code: 'boom', message: 'broke' } });
    WebSocket.last.receive({ type: 'watching', id: ID, resume: 'complete', task });
    assert.deepEqual(await handle.done, { type: 'failed', id: ID, eventId: 12, task, error: { code: 'boom', message: 'broke' } });
  });

  test('a client on a socket the app made and opened speaks at once; close keeps the slot and the socket', async () => {
    const WebSocket = fakeWebSocket();
    const storage = fakeStorage();
    const socket = connect(URL_WS, { WebSocket });
    WebSocket.last.open();
    const client = new TaskClient(socket, { storage });
    assert.equal(client.socket, socket);
    const handle = client.start('report', null, { remember: 'r' });
    answerStart(WebSocket.last);
    client.close();
    await assert.rejects(handle.done, TaskError);
    assert.notEqual(storage.getItem('eddy.task:r'), null, 'a later page may resume it');
    assert.equal(socket.state, 'open', 'the app owns its socket');
    const own = setup();
    own.client.close();
    assert.equal(own.client.socket.state, 'closed');
  });
});

describe('eddy.d.ts, task client', () => {
  const dts = readFileSync(new URL('../../main/resources/dev/eddy/js/eddy.d.ts', import.meta.url), 'utf8');

  test('declares exactly the public members of the task classes', () => {
    const client = taskClient(URL_WS, { WebSocket: fakeWebSocket(), storage: null });
    const samples = {
      TaskClient: client,
      TaskHandle: client.start('report'),
      TaskError: new TaskError('x', 400, 'id'),
    };
    assert.ok(samples.TaskHandle instanceof TaskHandle);
    for (const [name, sample] of Object.entries(samples)) {
      const body = dts.match(new RegExp('^export class ' + name + '\\b[^]*?^}', 'm'))[0];
      const declared = [...body.matchAll(/^ {2}(?:readonly )?(\w+)[<(:?]/gm)].map((m) => m[1]).filter((m) => m !== 'constructor').sort();
      const proto = Object.getOwnPropertyNames(Object.getPrototypeOf(sample)).filter((m) => m !== 'constructor');
      assert.deepEqual(declared, [...proto, ...Object.keys(sample)].sort(), name);
    }
  });
});
