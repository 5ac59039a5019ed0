// Types for eddy.js, the browser side of Eddy's live features. Hand-written: keep it in step
// with eddy.js, export for export.
/// <reference lib="dom" />

/** Messages by type: `{ progress: { value: number; total: number } }`. */
export type MessageMap = Record<string, object>;

/** Any message type, any fields: the default when no MessageMap is given. */
export type AnyMessages = Record<string, Record<string, any>>;

/** What `onreconnecting` receives: the 1-based attempt and the delay before it, in ms. */
export interface Reconnect {
  attempt: number;
  delay: number;
}

/**
 * Backoff before reconnect attempt n: min(maxDelay, initialDelay * factor^(n-1)), less a random
 * part of up to `jitter` of it. The count starts again once a connection stays open for
 * `stableAfter` ms; after `retries` failed attempts in a row it stops for good.
 */
export interface BackoffOptions {
  /** ms before the first reconnect; default 500. */
  initialDelay?: number;
  /** the cap on any delay, ms; default 30000. */
  maxDelay?: number;
  /** growth per attempt; default 2. */
  factor?: number;
  /** 0..1, the largest share of a delay taken off at random; default 0.5. */
  jitter?: number;
  /** ms a connection must stay open before the attempt count resets; default 5000. */
  stableAfter?: number;
  /** failed attempts in a row before giving up; default Infinity. */
  retries?: number;
}

export interface SocketOptions extends BackoffOptions {
  /** subprotocols for the WebSocket constructor. */
  protocols?: string | string[];
  /** the WebSocket constructor; default globalThis.WebSocket. */
  WebSocket?: new (url: string, protocols?: string | string[]) => WebSocket;
  /** whether to reconnect after this close; default isRetryable(event.code). */
  shouldReconnect?: (event: CloseEvent) => boolean;
  /** messages queued while not open; the oldest is dropped beyond it; 0 disables; default 64. */
  outboxSize?: number;
}

export type SocketState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * isRetryable: false for close codes 1000, 1002, 1003, 1007, 1008, 1009 and 1010, after which
 * EddySocket does not reconnect by default; true for every other code.
 */
export function isRetryable(code: number): boolean;

/**
 * A WebSocket that reconnects with backoff and dispatches JSON messages `{"type": ...}` by type.
 * `In` types incoming messages by type, `Out` outgoing ones.
 */
export class EddySocket<In extends MessageMap = AnyMessages, Out extends MessageMap = AnyMessages> {
  constructor(url: string | URL, options?: SocketOptions);

  /** The resolved ws:// or wss:// URL. */
  readonly url: string;
  readonly state: SocketState;

  /** Each time a connection opens. */
  onopen: ((event: Event) => void) | null;
  /** Each time a connection closes; willReconnect tells whether a reconnect is scheduled. */
  onclose: ((event: CloseEvent, willReconnect: boolean) => void) | null;
  /** The WebSocket's error event; a close follows. */
  onerror: ((event: Event) => void) | null;
  /** A reconnect is scheduled. */
  onreconnecting: ((reconnect: Reconnect) => void) | null;
  /**
   * Messages no on(type) handler took: a type without a handler, JSON without a string `type`
   * (data is the parsed JSON), text that is not JSON or binary data (data is event.data).
   */
  onunhandled: ((data: unknown, event: MessageEvent) => void) | null;

  /** Registers fn for JSON messages whose `type` is type. */
  on<K extends keyof In & string>(type: K, fn: (message: In[K] & { type: K }, event: MessageEvent<string>) => void): this;
  off<K extends keyof In & string>(type: K, fn: (message: In[K] & { type: K }, event: MessageEvent<string>) => void): this;

  /**
   * Sends JSON `{type, ...payload}` (type wins), or queues it while not open. True when sent now,
   * false when queued. Throws after close().
   */
  send<K extends keyof Out & string>(type: K, payload?: Out[K]): boolean;
  /** Sends data as is, under the same rules as send(). */
  sendRaw(data: string | ArrayBufferLike | Blob | ArrayBufferView): boolean;
  /** Closes for good: no reconnect, queued messages discarded. */
  close(code?: number, reason?: string): void;
}

/** new EddySocket(url, options). */
export function connect<In extends MessageMap = AnyMessages, Out extends MessageMap = AnyMessages>(
  url: string | URL, options?: SocketOptions): EddySocket<In, Out>;

export interface EventsOptions extends BackoffOptions {
  /** the EventSource constructor; default globalThis.EventSource. */
  EventSource?: new (url: string, init?: EventSourceInit) => EventSource;
  /** passed to the EventSource; default false. */
  withCredentials?: boolean;
  /** the query parameter that carries the last event id on a new EventSource; default 'lastEventId'. */
  lastEventIdParam?: string;
  /** an id to resume from on the first connection, e.g. one kept in sessionStorage. */
  lastEventId?: string;
}

/**
 * An EventSource with JSON-aware named events and resume: when the browser gives up on the
 * stream, a new EventSource is made after a backoff delay with the last event id in the query
 * parameter `lastEventIdParam`. `Events` types the data of each event by name.
 */
export class EddyEvents<Events extends Record<string, unknown> = Record<string, any>> {
  constructor(url: string | URL, options?: EventsOptions);

  /** The resolved URL, without the resume parameter. */
  readonly url: string;
  readonly state: SocketState;
  /** The id of the last event seen; '' before any. */
  readonly lastEventId: string;

  /** Each time the stream opens. */
  onopen: ((event: Event) => void) | null;
  /** Every error event, including those the browser recovers from by itself. */
  onerror: ((event: Event) => void) | null;
  /** A new EventSource is scheduled. */
  onreconnecting: ((reconnect: Reconnect) => void) | null;

  /**
   * Registers fn for events named name ('message' for events without an `event:` field).
   * data is JSON.parse(event.data) when that succeeds, the raw string otherwise.
   */
  on<K extends keyof Events & string>(name: K, fn: (data: Events[K], event: MessageEvent<string>) => void): this;
  off<K extends keyof Events & string>(name: K, fn: (data: Events[K], event: MessageEvent<string>) => void): this;
  /** Closes for good. */
  close(): void;
}

/** new EddyEvents(url, options). */
export function events<Events extends Record<string, unknown> = Record<string, any>>(
  url: string | URL, options?: EventsOptions): EddyEvents<Events>;
