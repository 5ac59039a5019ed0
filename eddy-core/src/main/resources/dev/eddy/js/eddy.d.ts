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
  /** How many connections have opened so far; while open, the number of the current one. */
  readonly opens: number;

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

// ---- Tasks over a WebSocket: the client of dev.eddy.task.TaskSocket ----

/** A task as the server describes it (TaskInfo JSON). */
export interface TaskInfo {
  id: string;
  kind: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  value: number;
  total: number;
  message: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  lastEventId: number;
  result?: unknown;
  error?: { code: string; message: string };
}

/** Progress as onProgress hands it on. */
export interface TaskProgress {
  value: number;
  /** 0: unknown. */
  total: number;
  message?: string;
}

/** A task event as it arrives: `type` with the task's `id` and the `eventId`, plus its fields. */
export interface TaskEventMessage {
  type: string;
  id: string;
  eventId: number;
  [field: string]: unknown;
}

/** The final event: `result` when it succeeded, `error` when it failed or was cancelled. */
export interface TaskEnd extends TaskEventMessage {
  type: 'succeeded' | 'failed' | 'cancelled';
  result?: unknown;
  error?: { code: string; message: string };
  task: TaskInfo;
}

/** Rejects a TaskHandle's `done`: `code` mirrors the HTTP status (0: no answer came). */
export class TaskError extends Error {
  constructor(message: string, code?: number, taskId?: string | null);
  readonly name: 'TaskError';
  readonly code: number;
  readonly taskId: string | null;
}

export type TaskHandleState = 'starting' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'error';

/**
 * One task followed through a TaskClient. Events come in event-id order, each at most once,
 * across reconnects and page reloads; a run of progress events may arrive as only the latest.
 */
export class TaskHandle {
  /** Made by TaskClient.start, attach and resume. */
  constructor(client: TaskClient, fields: object);

  /** The task's id: null until the server has answered the start. */
  id: string | null;
  /** The task's kind, when known. */
  kind: string | null;
  /** The id of the last event seen: re-attaching continues after it. */
  lastEventId: number;
  state: TaskHandleState;
  /** The latest progress, or null. */
  progress: TaskProgress | null;
  /** The latest snapshot of the task the server sent, or null. */
  task: TaskInfo | null;
  /** The storage slot the task is kept in across reloads, or null. */
  remember: string | null;
  /**
   * Resolves with the final event; rejects with a TaskError when the task can't be followed
   * (start refused, unknown id, server shut down, unwatched, client closed).
   */
  done: Promise<TaskEnd>;
  /** Whether done has settled. */
  readonly finished: boolean;
  /** Whether stop() was called. */
  readonly stopRequested: boolean;

  /** Registers fn for progress. */
  onProgress(fn: (progress: TaskProgress, message: TaskEventMessage) => void): this;
  /** Registers fn for the task's events of type: custom ones, 'progress', 'running', final ones. */
  on(type: string, fn: (message: TaskEventMessage) => void): this;
  off(type: string, fn: (message: TaskEventMessage) => void): this;
  /** Asks the server to cancel the task (as soon as it has an id); answers `done`. */
  stop(): Promise<TaskEnd>;
  /** Stops following the task, without stopping it, and forgets it; `done` rejects. */
  unwatch(): void;
}

export interface TaskClientOptions extends SocketOptions {
  /** Where remembered tasks are kept; default sessionStorage (per tab, kept across reloads); null: nowhere. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** The prefix of storage keys, `${storageKey}:${slot}`; default 'eddy.task'. */
  storageKey?: string;
}

export interface StartTaskOptions {
  /** Bind the task to the connection (cancelled when it closes); default true, false with remember. */
  bound?: boolean;
  /** The storage slot to keep the task in, so resume(slot) re-attaches after a reload. */
  remember?: string;
}

export interface AttachTaskOptions {
  /** Continue after this event id; default 0 (all of the task's retained events). */
  after?: number;
  /** The storage slot to keep the task in. */
  remember?: string;
  /** The task's kind, if known. */
  kind?: string;
}

/**
 * Starts and follows tasks over one EddySocket speaking the TaskSocket protocol. On each
 * connection's `ready` every unfinished handle watches its task again after its lastEventId.
 */
export class TaskClient {
  /** A URL makes an EddySocket of its own (closed by close()); an EddySocket is shared. */
  constructor(socketOrUrl: string | URL | EddySocket, options?: TaskClientOptions);

  readonly socket: EddySocket;
  /** The kinds the server listed in its last `ready`, or null before one came. */
  readonly kinds: string[] | null;

  /** Asks for a task of kind with args (omit them for a kind that takes none). */
  start(kind: string, args?: unknown, options?: StartTaskOptions): TaskHandle;
  /** Follows the task with this id; the same id gives the same handle. */
  attach(id: string, options?: AttachTaskOptions): TaskHandle;
  /** Re-attaches to the task kept in storage slot, or null when none is kept. */
  resume(slot: string): TaskHandle | null;
  /** Stops following every task (stopping none, keeping storage) and closes its own socket. */
  close(): void;
}

/** new TaskClient(socketOrUrl, options). */
export function taskClient(socketOrUrl: string | URL | EddySocket, options?: TaskClientOptions): TaskClient;
