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
