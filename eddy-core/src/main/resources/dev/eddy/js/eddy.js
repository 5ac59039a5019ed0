// eddy.js: the browser side of Eddy's live features. A zero-dependency ES module.
//
//   import { connect, events } from '/eddy.js';
//
//   const ws = connect('/tasks/ws');                 // ws:// or wss:// from the page's origin
//   ws.on('progress', (m) => bar.value = m.value / m.total);
//   ws.send('start', { kind: 'report' });            // {"type":"start","kind":"report"}
//
//   const chat = events('/chat/events');             // EventSource with resume
//   chat.on('message', (data) => show(data.user, data.text));
//
// Both reconnect by themselves with exponential backoff and jitter. Types: eddy.d.ts, next to
// this file. The design, and the resume convention servers follow, are in docs/ARCHITECTURE.md.

const OPEN = 1; // WebSocket.OPEN
const CLOSED = 2; // EventSource.CLOSED

// Close codes after which EddySocket does not reconnect by default: retrying would only repeat
// the same refusal or reopen something the server finished on purpose.
const NO_RETRY_CODES = new Set([
  1000, // normal closure: the server is done with this socket
  1002, // protocol error
  1003, // unsupported data
  1007, // invalid payload data
  1008, // policy violation (e.g. forbidden Origin, failed auth)
  1009, // message too big
  1010, // mandatory extension missing
]);

/**
 * isRetryable reports whether EddySocket reconnects by default after a close with this code:
 * false for 1000, 1002, 1003, 1007, 1008, 1009 and 1010, true for everything else (1001 going
 * away, 1006 abnormal closure, 1011 server error, 1012 restart, 1013 try again later, 4xxx ...).
 */
export function isRetryable(code) {
  return !NO_RETRY_CODES.has(code);
}

const BACKOFF_DEFAULTS = {
  initialDelay: 500,
  maxDelay: 30_000,
  factor: 2,
  jitter: 0.5,
  stableAfter: 5_000,
  retries: Infinity,
};

// Backoff: the delay before reconnect attempt n (1-based) is
// min(maxDelay, initialDelay * factor^(n-1)), less a random part of up to `jitter` of it, so a
// crowd of clients dropped at once does not come back at once. Once a connection has stayed open
// for `stableAfter` ms the count starts again from 1.
class Backoff {
  #o;
  #attempt = 0;
  #openedAt = null;

  constructor(options) {
    this.#o = { ...BACKOFF_DEFAULTS };
    for (const k of Object.keys(BACKOFF_DEFAULTS)) {
      if (options[k] !== undefined) this.#o[k] = options[k];
    }
    const { initialDelay, maxDelay, factor, jitter, stableAfter, retries } = this.#o;
    if (!(initialDelay >= 0) || !(maxDelay >= initialDelay) || !(factor >= 1)
        || !(jitter >= 0 && jitter <= 1) || !(stableAfter >= 0) || !(retries >= 0)) {
      throw new RangeError('eddy.js: bad backoff options ' + JSON.stringify(this.#o));
    }
  }

  /** next answers { attempt, delay } for the next reconnect, or null when retries are used up. */
  next() {
    if (this.#attempt >= this.#o.retries) return null;
    const attempt = ++this.#attempt;
    const { initialDelay, maxDelay, factor, jitter } = this.#o;
    const base = Math.min(maxDelay, initialDelay * factor ** (attempt - 1));
    return { attempt, delay: Math.round(base * (1 - jitter * Math.random())) };
  }

  opened() {
    this.#openedAt = Date.now();
  }

  closed() {
    if (this.#openedAt !== null && Date.now() - this.#openedAt >= this.#o.stableAfter) this.#attempt = 0;
    this.#openedAt = null;
  }
}

// Handlers by name: on/off and dispatch. A handler that throws is reported and does not stop the
// others (like EventTarget).
class Handlers {
  #byName = new Map();

  add(name, fn) {
    if (typeof fn !== 'function') throw new TypeError('eddy.js: handler for "' + name + '" is not a function');
    let set = this.#byName.get(name);
    if (!set) this.#byName.set(name, (set = new Set()));
    set.add(fn);
    return set.size === 1;
  }

  remove(name, fn) {
    const set = this.#byName.get(name);
    if (!set || !set.delete(fn)) return false;
    if (set.size === 0) this.#byName.delete(name);
    return true;
  }

  names() {
    return this.#byName.keys();
  }

  /** emit calls every handler for name and answers whether there was one. */
  emit(name, ...args) {
    const set = this.#byName.get(name);
    if (!set) return false;
    for (const fn of [...set]) call(fn, ...args);
    return true;
  }
}

function call(fn, ...args) {
  if (typeof fn !== 'function') return;
  try {
    fn(...args);
  } catch (e) {
    if (typeof globalThis.reportError === 'function') globalThis.reportError(e);
    else console.error(e);
  }
}

// Relative URLs resolve against the page (`location`); outside a browser they must be absolute.
function resolve(url, socket) {
  const base = globalThis.location?.href;
  const u = base === undefined ? new URL(url) : new URL(url, base);
  if (socket && u.protocol === 'http:') u.protocol = 'ws:';
  if (socket && u.protocol === 'https:') u.protocol = 'wss:';
  return u;
}

function constructorFrom(options, name) {
  const ctor = options[name] ?? globalThis[name];
  if (typeof ctor !== 'function') {
    throw new TypeError('eddy.js: no ' + name + ' here; pass one as options.' + name);
  }
  return ctor;
}

function parseJson(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * EddySocket is a WebSocket that reconnects by itself and dispatches JSON messages by their
 * `type`.
 *
 * Messages: text that parses as a JSON object with a string `type` goes to the handlers
 * registered with on(type); everything else (a type with no handler, JSON without a string
 * `type`, text that is not JSON, binary data) goes to `onunhandled(data, event)`, where data is
 * the parsed JSON when the text parsed and the raw `event.data` otherwise.
 *
 * Reconnect: after any close that close() did not ask for and whose code isRetryable()
 * (or options.shouldReconnect) accepts, until options.retries attempts are used up. A failed
 * first connection counts too.
 *
 * Outbox: send() and sendRaw() while the socket is not open queue the message; the queue holds
 * at most options.outboxSize messages (default 64; 0 disables it) and drops the oldest beyond
 * that. The queue is sent, in order, when a connection opens, and discarded by close().
 */
export class EddySocket {
  #url;
  #protocols;
  #WebSocket;
  #backoff;
  #shouldReconnect;
  #outboxSize;
  #outbox = [];
  #handlers = new Handlers();
  #ws = null;
  #timer = null;
  #state = 'connecting';
  #opens = 0;

  /** onopen(event): each time a connection opens. */
  onopen = null;
  /** onclose(event, willReconnect): each time a connection closes. */
  onclose = null;
  /** onerror(event): the WebSocket's error event (browsers give no detail; a close follows). */
  onerror = null;
  /** onreconnecting({ attempt, delay }): a reconnect is scheduled in delay ms. */
  onreconnecting = null;
  /** onunhandled(data, event): messages no on(type) handler took (see above). */
  onunhandled = null;

  constructor(url, options = {}) {
    this.#url = resolve(url, true).href;
    this.#protocols = options.protocols;
    this.#WebSocket = constructorFrom(options, 'WebSocket');
    this.#backoff = new Backoff(options);
    this.#shouldReconnect = options.shouldReconnect ?? ((event) => isRetryable(event.code));
    this.#outboxSize = options.outboxSize ?? 64;
    if (!(this.#outboxSize >= 0)) throw new RangeError('eddy.js: outboxSize must be >= 0');
    this.#open();
  }

  /** url is the resolved ws:// or wss:// URL. */
  get url() {
    return this.#url;
  }

  /** state is 'connecting', 'open', 'reconnecting' (waiting out a delay) or 'closed'. */
  get state() {
    return this.#state;
  }

  /**
   * opens counts the connections opened so far (1 for the first): while state is 'open', the
   * number of the current one, so a caller can tell which connection a message went out on.
   */
  get opens() {
    return this.#opens;
  }

  /** on registers fn(message, event) for JSON messages whose `type` is type. */
  on(type, fn) {
    this.#handlers.add(type, fn);
    return this;
  }

  off(type, fn) {
    this.#handlers.remove(type, fn);
    return this;
  }

  /**
   * send JSON-encodes { type, ...payload } (type wins over a payload.type) and sends it, or
   * queues it while the socket is not open. Answers true when sent now, false when queued.
   * Throws after close().
   */
  send(type, payload = {}) {
    if (typeof type !== 'string') throw new TypeError('eddy.js: send(type, payload) needs a string type');
    return this.sendRaw(JSON.stringify(Object.assign({ type }, payload, { type })));
  }

  /** sendRaw sends data as is, under the same rules as send(). */
  sendRaw(data) {
    if (this.#state === 'closed') throw new Error('eddy.js: send on a closed EddySocket (' + this.#url + ')');
    if (this.#ws?.readyState === OPEN) {
      this.#ws.send(data);
      return true;
    }
    if (this.#outboxSize > 0) {
      if (this.#outbox.length >= this.#outboxSize) this.#outbox.shift();
      this.#outbox.push(data);
    }
    return false;
  }

  /** close closes the socket for good: no reconnect, queued messages are discarded. */
  close(code = 1000, reason = '') {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    clearTimeout(this.#timer);
    this.#backoff.closed();
    this.#outbox = [];
    this.#ws?.close(code, reason);
  }

  #open() {
    this.#timer = null;
    const ws = this.#protocols === undefined
      ? new this.#WebSocket(this.#url)
      : new this.#WebSocket(this.#url, this.#protocols);
    this.#ws = ws;
    this.#state = 'connecting';
    ws.onopen = (event) => {
      if (this.#ws !== ws || this.#state === 'closed') return;
      this.#state = 'open';
      this.#opens++;
      this.#backoff.opened();
      const queued = this.#outbox;
      this.#outbox = [];
      for (const data of queued) ws.send(data);
      call(this.onopen, event);
    };
    ws.onmessage = (event) => {
      if (this.#ws === ws) this.#dispatch(event);
    };
    ws.onerror = (event) => {
      if (this.#ws === ws) call(this.onerror, event);
    };
    ws.onclose = (event) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#backoff.closed();
      const next = this.#state !== 'closed' && this.#shouldReconnect(event) ? this.#backoff.next() : null;
      if (next) {
        this.#state = 'reconnecting';
        this.#timer = setTimeout(() => this.#open(), next.delay);
      } else {
        this.#state = 'closed';
        this.#outbox = [];
      }
      call(this.onclose, event, next !== null);
      if (next) call(this.onreconnecting, next);
    };
  }

  #dispatch(event) {
    if (typeof event.data === 'string') {
      const json = parseJson(event.data);
      if (json.ok) {
        const m = json.value;
        const typed = m !== null && typeof m === 'object' && typeof m.type === 'string';
        if (!typed || !this.#handlers.emit(m.type, m, event)) call(this.onunhandled, m, event);
        return;
      }
    }
    call(this.onunhandled, event.data, event);
  }
}

/** connect opens an EddySocket: new EddySocket(url, options). */
export function connect(url, options) {
  return new EddySocket(url, options);
}

/**
 * EddyEvents is an EventSource with typed, JSON-aware events and resume.
 *
 * Events: on(name, fn) receives fn(data, event) for events named name ('message' for events
 * without an `event:` field); data is JSON.parse(event.data) when that succeeds and the raw
 * string otherwise. The event is the MessageEvent.
 *
 * Resume: it remembers the last event id it saw. While the EventSource reconnects by itself the
 * browser sends that id in the Last-Event-ID header. When the browser gives up (an error that
 * leaves readyState CLOSED: a non-200 status, a wrong content type) EddyEvents makes a new
 * EventSource after a backoff delay, and since a new EventSource can't set that header it puts
 * the id in the query parameter options.lastEventIdParam (default 'lastEventId'). Servers read
 * the header first and the parameter second.
 */
export class EddyEvents {
  #url;
  #EventSource;
  #withCredentials;
  #param;
  #backoff;
  #handlers = new Handlers();
  #listeners = new Map();
  #es = null;
  #timer = null;
  #state = 'connecting';
  #lastEventId;

  /** onopen(event): each time the stream opens. */
  onopen = null;
  /** onerror(event): every error event, including those the browser recovers from itself. */
  onerror = null;
  /** onreconnecting({ attempt, delay }): a new EventSource is scheduled in delay ms. */
  onreconnecting = null;

  constructor(url, options = {}) {
    this.#url = resolve(url, false).href;
    this.#EventSource = constructorFrom(options, 'EventSource');
    this.#withCredentials = options.withCredentials ?? false;
    this.#param = options.lastEventIdParam ?? 'lastEventId';
    this.#lastEventId = options.lastEventId ?? '';
    this.#backoff = new Backoff(options);
    this.#open();
  }

  /** url is the resolved URL, without the resume parameter. */
  get url() {
    return this.#url;
  }

  /** state is 'connecting', 'open', 'reconnecting' (waiting out a delay) or 'closed'. */
  get state() {
    return this.#state;
  }

  /** lastEventId is the id of the last event seen ('' before any, or after an empty `id:`). */
  get lastEventId() {
    return this.#lastEventId;
  }

  /** on registers fn(data, event) for events named name. */
  on(name, fn) {
    if (this.#handlers.add(name, fn) && this.#es) this.#listen(this.#es, name);
    return this;
  }

  off(name, fn) {
    this.#handlers.remove(name, fn);
    return this;
  }

  /** close closes the stream for good. */
  close() {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    clearTimeout(this.#timer);
    this.#backoff.closed();
    this.#es?.close();
    this.#es = null;
  }

  #open() {
    this.#timer = null;
    const url = new URL(this.#url);
    if (this.#lastEventId !== '') url.searchParams.set(this.#param, this.#lastEventId);
    const es = new this.#EventSource(url.href, { withCredentials: this.#withCredentials });
    this.#es = es;
    this.#state = 'connecting';
    this.#listeners = new Map();
    for (const name of this.#handlers.names()) this.#listen(es, name);
    es.onopen = (event) => {
      if (this.#es !== es) return;
      this.#state = 'open';
      this.#backoff.opened();
      call(this.onopen, event);
    };
    es.onerror = (event) => {
      if (this.#es !== es) return;
      this.#backoff.closed();
      if (es.readyState !== CLOSED) {
        this.#state = 'connecting'; // the browser reconnects by itself, with the header
        call(this.onerror, event);
        return;
      }
      es.close();
      this.#es = null;
      const next = this.#backoff.next();
      if (next) {
        this.#state = 'reconnecting';
        this.#timer = setTimeout(() => this.#open(), next.delay);
      } else {
        this.#state = 'closed';
      }
      call(this.onerror, event);
      if (next) call(this.onreconnecting, next);
    };
  }

  #listen(es, name) {
    if (this.#listeners.has(name)) return;
    const listener = (event) => {
      if (this.#es !== es) return;
      if (typeof event.lastEventId === 'string') this.#lastEventId = event.lastEventId;
      const json = parseJson(event.data);
      this.#handlers.emit(name, json.ok ? json.value : event.data, event);
    };
    this.#listeners.set(name, listener);
    es.addEventListener(name, listener);
  }
}

/** events opens an EddyEvents: new EddyEvents(url, options). */
export function events(url, options) {
  return new EddyEvents(url, options);
}

// ---- Tasks over a WebSocket: the client of dev.eddy.task.TaskSocket ----
//
//   import { taskClient } from '/eddy.js';
//
//   const tasks = taskClient('/api/tasks/ws');
//   const report = tasks.resume('report')                    // re-attach after a page reload, or
//       ?? tasks.start('report', { year: 2024 }, { remember: 'report' });
//   report.onProgress(({ value, total }) => bar.value = value / total);
//   report.on('page', (m) => show(m.data));
//   stopButton.onclick = () => report.stop();
//   const end = await report.done;                          // { type: 'succeeded', result, ... }

const FINAL_TYPES = new Set(['succeeded', 'failed', 'cancelled']);
const TASK_EVENT_TYPES = ['queued', 'running', 'progress', ...FINAL_TYPES];
const REPLY_TYPES = new Set(['ready', 'started', 'watching', 'unwatched', 'cancelling', 'error']);

// What TaskClient and TaskHandle call on each other, kept off their public surface.
const EVENT = Symbol('event');
const SNAPSHOT = Symbol('snapshot');
const FAIL = Symbol('fail');
const CLIENT = Symbol('client');

/** TaskError rejects a TaskHandle's `done`: `code` mirrors the HTTP status (0: no answer came). */
export class TaskError extends Error {
  constructor(message, code = 0, taskId = null) {
    super(message);
    this.name = 'TaskError';
    this.code = code;
    this.taskId = taskId;
  }
}

/**
 * TaskHandle is one task followed through a TaskClient: its progress, events and end. Made by
 * TaskClient.start, attach and resume. Events come in event-id order, each at most once, across
 * reconnects and page reloads; a run of progress events may arrive as only the latest.
 */
export class TaskHandle {
  #client;
  #handlers = new Handlers();
  #resolve;
  #reject;
  #finished = false;
  #stopRequested = false;
  /** id is the task's id: null until the server has answered the start. */
  id = null;
  /** kind is the task's kind, when known. */
  kind = null;
  /** lastEventId is the id of the last event seen: re-attaching continues after it. */
  lastEventId = 0;
  /** state is 'starting', then the task's: 'queued', 'running', 'succeeded', 'failed', 'cancelled'; or 'error'. */
  state = 'starting';
  /** progress is the latest { value, total, message }, or null. */
  progress = null;
  /** task is the latest snapshot of the task the server sent (its JSON), or null. */
  task = null;
  /** remember is the storage slot the task is kept in across reloads, or null. */
  remember = null;
  /**
   * done resolves with the final event, { type: 'succeeded', id, eventId, result, task } or
   * 'failed' / 'cancelled' with `error`; it rejects with a TaskError when the task can't be
   * followed: start refused, unknown id, server shut down, unwatched, client closed.
   */
  done;

  constructor(client, fields) {
    this.#client = client;
    Object.assign(this, fields);
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.done.catch(() => {}); // a rejection nobody awaits is not an error of the page
  }

  /** finished tells whether done has settled. */
  get finished() {
    return this.#finished;
  }

  /** onProgress registers fn({ value, total, message }, message) for progress. */
  onProgress(fn) {
    if (typeof fn !== 'function') throw new TypeError('eddy.js: onProgress needs a function');
    return this.on('progress', (m) => fn({ value: m.value, total: m.total, message: m.message }, m));
  }

  /** on registers fn(message) for the task's events of type: custom ones, 'progress', 'running', final ones. */
  on(type, fn) {
    this.#handlers.add(type, fn);
    this.#client[CLIENT].listen(type);
    return this;
  }

  off(type, fn) {
    this.#handlers.remove(type, fn);
    return this;
  }

  /** stop asks the server to cancel the task (as soon as it has an id); answers `done`. */
  stop() {
    if (!this.#finished && !this.#stopRequested) {
      this.#stopRequested = true;
      this.#client[CLIENT].cancel(this);
    }
    return this.done;
  }

  /** unwatch stops following the task, without stopping it, and forgets it; `done` rejects. */
  unwatch() {
    if (this.#finished) return;
    this.#client[CLIENT].unwatch(this);
    this[FAIL](new TaskError('eddy.js: task ' + this.id + ' is no longer watched', 0, this.id));
  }

  get stopRequested() {
    return this.#stopRequested;
  }

  [EVENT](m) {
    if (this.#finished || !(m.eventId > this.lastEventId)) return; // seen already
    this.lastEventId = m.eventId;
    if (m.type === 'progress') this.progress = { value: m.value, total: m.total, message: m.message };
    if (m.task) this.task = m.task;
    if (m.type === 'queued' || m.type === 'running' || FINAL_TYPES.has(m.type)) this.state = m.type;
    this.#client[CLIENT].remember(this);
    this.#handlers.emit(m.type, m);
    if (FINAL_TYPES.has(m.type)) this.#settle(() => this.#resolve(m));
  }

  /** The task as the server sees it now: on `started` (attached: false) and `watching` (true). */
  [SNAPSHOT](task, resume, attached) {
    if (resume === 'unknown') this.lastEventId = 0; // the server's log does not know our id: take all of it
    if (!task) return;
    this.task = task;
    this.kind = task.kind;
    this.state = task.state;
    if (attached && (task.value > 0 || task.total > 0)) {
      // show where it is now, before the events after lastEventId (a reloaded page knows nothing)
      const p = { type: 'progress', id: this.id, value: task.value, total: task.total, message: task.message ?? undefined };
      this.progress = { value: p.value, total: p.total, message: p.message };
      this.#handlers.emit('progress', p);
    }
    if (FINAL_TYPES.has(task.state) && task.lastEventId <= this.lastEventId) {
      // it ended and the end was seen before: nothing more comes, so end from the snapshot
      const end = { type: task.state, id: this.id, eventId: task.lastEventId, task };
      if (task.state === 'succeeded') end.result = task.result;
      else end.error = task.error;
      this.#settle(() => this.#resolve(end));
    }
  }

  /** Ends the handle with error; keepRemembered leaves it in storage for a later page. */
  [FAIL](error, keepRemembered = false) {
    if (this.#finished) return;
    this.state = 'error';
    this.#settle(() => this.#reject(error), keepRemembered);
  }

  #settle(settle, keepRemembered = false) {
    this.#finished = true;
    this.#client[CLIENT].forget(this, keepRemembered);
    settle();
  }
}

/**
 * TaskClient starts and follows tasks over one EddySocket speaking the TaskSocket protocol
 * (docs/ARCHITECTURE.md, "Tasks over a WebSocket").
 *
 * Re-attaching: the server greets each connection with `ready`; on it, every unfinished handle
 * watches its task again after its lastEventId (and asks again to cancel it if stop() was
 * called), so a reconnect loses nothing and repeats nothing. Requests wait for `ready`; a start
 * sent on a connection that closed before the answer came rejects its handle (the task may or
 * may not have started; a bound one is cancelled with its connection).
 *
 * Reloads: start(kind, args, { remember: slot }) keeps { id, kind, after } in storage
 * (sessionStorage by default: per tab, kept across reloads) under `${storageKey}:${slot}`,
 * updated on each event and removed once the task ends or is unwatched; resume(slot) on the
 * next page re-attaches. A remembered task is detached (bound: false) unless told otherwise,
 * since the page that started it goes away.
 */
export class TaskClient {
  #socket;
  #owned;
  #storage;
  #storageKey;
  #handles = new Map(); // by task id
  #starts = new Map(); // by ref: { handle, message, sentOn }
  #held = []; // refs of starts waiting for `ready`
  #listening = new Set();
  #readyOn = 0; // the connection (socket.opens) whose `ready` came last
  #nextRef = 1;
  #kinds = null;
  #forHandles = null;

  constructor(socketOrUrl, options = {}) {
    this.#owned = !(socketOrUrl instanceof EddySocket);
    this.#socket = this.#owned ? new EddySocket(socketOrUrl, options) : socketOrUrl;
    this.#storage = options.storage !== undefined ? options.storage : sessionStorageOrNull();
    this.#storageKey = options.storageKey ?? 'eddy.task';
    // Made on a socket that is open already, its `ready` may have gone by: take the connection
    // as ready. Should `ready` still come, it only re-sends the watches, which is harmless.
    if (this.#socket.state === 'open') this.#readyOn = this.#socket.opens;
    for (const type of REPLY_TYPES) this.#socket.on(type, (m) => this.#message(m));
    for (const type of TASK_EVENT_TYPES) this.#listen(type);
  }

  /** socket is the EddySocket the client speaks over. */
  get socket() {
    return this.#socket;
  }

  /** kinds are the task kinds the server listed in its last `ready`, or null before one came. */
  get kinds() {
    return this.#kinds;
  }

  /**
   * start asks for a task of kind with args (omit them for a kind that takes none);
   * options.bound (default true, false with remember) binds it to the connection, so it is
   * cancelled when the connection closes; options.remember names the storage slot to keep it in.
   */
  start(kind, args, options = {}) {
    if (typeof kind !== 'string' || kind === '') throw new TypeError('eddy.js: start(kind, args) needs a kind');
    const remember = options.remember ?? null;
    const handle = new TaskHandle(this, { kind, remember });
    const ref = 'eddy-' + this.#nextRef++;
    const message = { kind, bound: options.bound ?? remember === null, ref };
    if (args !== undefined && args !== null) message.args = args;
    this.#starts.set(ref, { handle, message, sentOn: 0 });
    if (this.#live()) this.#sendStart(ref);
    else this.#held.push(ref);
    return handle;
  }

  /**
   * attach follows the task with this id, after event options.after (default 0: all of it);
   * options.remember keeps it in that storage slot. The same id gives the same handle.
   */
  attach(id, options = {}) {
    if (typeof id !== 'string' || id === '') throw new TypeError('eddy.js: attach(id) needs a task id');
    const known = this.#handles.get(id);
    if (known) return known;
    const handle = new TaskHandle(this, {
      id, kind: options.kind ?? null, lastEventId: options.after ?? 0, remember: options.remember ?? null,
    });
    this.#handles.set(id, handle);
    this.#remember(handle);
    if (this.#live()) this.#watch(handle);
    return handle;
  }

  /** resume re-attaches to the task kept in storage slot, or answers null when none is kept. */
  resume(slot) {
    const saved = this.#read(slot);
    return saved ? this.attach(saved.id, { after: saved.after, kind: saved.kind, remember: slot }) : null;
  }

  /**
   * close stops following every task, stopping none and keeping what storage remembers (so a
   * later page can resume), and closes the socket if this client made it. Handles not finished
   * reject.
   */
  close() {
    const open = [...this.#handles.values(), ...[...this.#starts.values()].map((s) => s.handle)];
    this.#handles.clear();
    this.#starts.clear();
    this.#held = [];
    for (const handle of open) handle[FAIL](new TaskError('eddy.js: the task client closed', 0, handle.id), true);
    if (this.#owned) this.#socket.close();
  }

  /** What handles call; see TaskHandle. */
  get [CLIENT]() {
    return this.#forHandles ??= {
      listen: (type) => this.#listen(type),
      cancel: (handle) => {
        if (handle.id !== null && this.#live()) this.#socket.send('cancel', { id: handle.id });
        // else: sent once the start is answered, or with the watch on the next `ready`
      },
      unwatch: (handle) => {
        if (handle.id === null) return;
        this.#handles.delete(handle.id);
        this.#clear(handle);
        if (this.#live()) this.#socket.send('unwatch', { id: handle.id });
      },
      forget: (handle, keepRemembered) => {
        if (handle.id !== null && this.#handles.get(handle.id) === handle) this.#handles.delete(handle.id);
        if (!keepRemembered) this.#clear(handle);
      },
      remember: (handle) => this.#remember(handle),
    };
  }

  #listen(type) {
    if (this.#listening.has(type) || REPLY_TYPES.has(type)) return; // replies (and 'error' events) come through #message
    this.#listening.add(type);
    this.#socket.on(type, (m) => this.#event(m));
  }

  #live() {
    return this.#socket.state === 'open' && this.#readyOn === this.#socket.opens;
  }

  #sendStart(ref) {
    const start = this.#starts.get(ref);
    start.sentOn = this.#socket.opens;
    this.#socket.send('start', start.message);
  }

  #watch(handle) {
    this.#socket.send('watch', { id: handle.id, after: handle.lastEventId });
    if (handle.stopRequested) this.#socket.send('cancel', { id: handle.id });
  }

  #message(m) {
    if (m.eventId !== undefined) {
      this.#event(m); // a task's custom event named like a reply: only task events carry eventId
      return;
    }
    switch (m.type) {
      case 'ready':
        this.#ready(m);
        break;
      case 'started':
        this.#started(m);
        break;
      case 'watching':
        this.#handles.get(m.id)?.[SNAPSHOT](m.task, m.resume, true);
        break;
      case 'error':
        this.#refused(m);
        break;
      default:
        // unwatched, cancelling: the task's events tell the rest
    }
  }

  #ready(m) {
    const connection = this.#socket.opens;
    this.#readyOn = connection;
    this.#kinds = Array.isArray(m.kinds) ? m.kinds : null;
    for (const [ref, start] of [...this.#starts]) {
      if (start.sentOn !== 0 && start.sentOn < connection) { // its connection closed before the answer
        this.#starts.delete(ref);
        start.handle[FAIL](new TaskError('eddy.js: the connection closed before the server answered the start of a "'
          + start.message.kind + '" task; it may or may not have started'));
      }
    }
    for (const handle of this.#handles.values()) this.#watch(handle);
    const held = this.#held;
    this.#held = [];
    for (const ref of held) if (this.#starts.has(ref)) this.#sendStart(ref);
  }

  #started(m) {
    const start = this.#starts.get(m.ref);
    if (!start) return;
    this.#starts.delete(m.ref);
    const { handle } = start;
    handle.id = m.id;
    this.#handles.set(m.id, handle);
    handle[SNAPSHOT](m.task, 'complete', false);
    this.#remember(handle);
    if (handle.stopRequested) this.#socket.send('cancel', { id: m.id });
  }

  #refused(m) {
    const start = m.ref !== undefined ? this.#starts.get(m.ref) : undefined;
    if (start) {
      this.#starts.delete(m.ref);
      start.handle[FAIL](new TaskError(m.error, m.code));
      return;
    }
    // a watch refused (404: unknown or forgotten; 503: shut down) ends the handle; a cancel of a
    // task that already ended (409) needs nothing: its final event comes, or came, with the watch
    const handle = typeof m.id === 'string' ? this.#handles.get(m.id) : undefined;
    if (handle && m.code !== 409) handle[FAIL](new TaskError(m.error, m.code, m.id));
  }

  #event(m) {
    if (typeof m.id === 'string' && m.eventId !== undefined) this.#handles.get(m.id)?.[EVENT](m);
  }

  #key(slot) {
    return this.#storageKey + ':' + slot;
  }

  #remember(handle) {
    if (handle.remember === null || this.#storage === null || handle.id === null) return;
    try {
      this.#storage.setItem(this.#key(handle.remember),
        JSON.stringify({ id: handle.id, kind: handle.kind, after: handle.lastEventId }));
    } catch {
      // storage full or denied: the task is followed, only not across reloads
    }
  }

  #read(slot) {
    if (this.#storage === null) return null;
    try {
      const saved = JSON.parse(this.#storage.getItem(this.#key(slot)));
      if (saved && typeof saved.id === 'string' && saved.id !== '') {
        const after = Number.isSafeInteger(saved.after) && saved.after > 0 ? saved.after : 0;
        return { id: saved.id, kind: typeof saved.kind === 'string' ? saved.kind : null, after };
      }
    } catch {
      // unreadable: as if nothing were kept
    }
    return null;
  }

  #clear(handle) {
    if (handle.remember === null || this.#storage === null) return;
    try {
      if (this.#read(handle.remember)?.id === handle.id) this.#storage.removeItem(this.#key(handle.remember));
    } catch {
      // denied: nothing to undo
    }
  }
}

function sessionStorageOrNull() {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // a sandboxed page may deny it
  }
}

/** taskClient makes a TaskClient: new TaskClient(socketOrUrl, options). */
export function taskClient(socketOrUrl, options) {
  return new TaskClient(socketOrUrl, options);
}
