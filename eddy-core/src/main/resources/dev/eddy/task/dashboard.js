// dashboard.js: the task dashboard that TaskDashboard serves next to its page.
//
// One EventSource on <api>/events (eddy.js's events(), which reconnects with backoff) brings a
// snapshot of the newest tasks, then batches of changes. Nothing touches the DOM as events
// arrive: they are merged into `pending` (one entry per task, the newest by lastEventId) and
// applied once per animation frame. Each row keeps its task's latest state, but only rows on
// screen (an IntersectionObserver says which) write it to their cells, field by field, where it
// changed; a row scrolled into view catches up at once. So a thousand tasks changing ten times a
// second cost the page the work of the dozen rows in view. Memory stays bounded: at most `limit`
// rows, and `pending` holds one entry per task. Every text from the server goes in with
// textContent, never as HTML.
import { events } from './eddy.js';

const page = document.body;
const api = new URL(page.dataset.api.replace(/\/*$/, '/'), location.href);
let limit = Number(page.dataset.limit) || 1000;

const tbody = document.querySelector('#tasks tbody');
const statusLabel = document.getElementById('status');
const summary = document.getElementById('summary');
const empty = document.getElementById('empty');
const notice = document.getElementById('notice');
const form = document.getElementById('start');
const kindField = document.getElementById('kind');
const argsField = document.getElementById('args');
const startButton = document.getElementById('start-button');

const STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/** Row is one task on the page: its element, its cells, and what they show now. */
class Row {
  constructor(task) {
    this.id = task.id;
    this.created = Date.parse(task.createdAt);
    this.task = null; // the latest state
    this.shown = {}; // what the cells show
    this.visible = false;
    this.tr = document.createElement('tr');
    this.tr.dataset.id = task.id;
    const idCell = this.#cell('id');
    const code = document.createElement('code');
    code.textContent = task.id.slice(0, 8);
    code.title = task.id;
    idCell.append(code);
    this.kind = this.#cell('kind');
    this.state = this.#cell('state');
    const progress = this.#cell('progress');
    this.bar = document.createElement('progress');
    this.bar.setAttribute('aria-label', 'progress');
    this.pct = document.createElement('span');
    this.pct.className = 'pct';
    this.message = document.createElement('div');
    this.message.className = 'message';
    progress.append(this.bar, this.pct, this.message);
    this.duration = this.#cell('duration');
    const actions = this.#cell('actions');
    this.cancel = document.createElement('button');
    this.cancel.type = 'button';
    this.cancel.className = 'cancel';
    this.cancel.textContent = 'Cancel';
    actions.append(this.cancel);
    rowOf.set(this.tr, this);
    onScreen.observe(this.tr);
  }

  #cell(name) {
    const td = document.createElement('td');
    td.className = name;
    this.tr.append(td);
    return td;
  }

  /** show takes `task` as the row's state; the cells follow now if on screen (or new), else when scrolled to. */
  show(task) {
    const old = this.task;
    this.task = task;
    if (old?.state !== task.state) {
      if (old) counts[old.state]--;
      counts[task.state]++;
      if (task.state === 'running') running.add(this); else running.delete(this);
    }
    if (this.visible || !old) this.render();
  }

  /** render brings the cells to the row's state, touching only what differs from what they show. */
  render() {
    const task = this.task;
    const old = this.shown;
    this.shown = task;
    if (old.kind !== task.kind) this.kind.textContent = task.kind;
    if (old.state !== task.state) {
      this.state.textContent = task.state;
      this.tr.className = task.state;
      this.cancel.disabled = FINISHED.has(task.state);
    }
    if (old.value !== task.value || old.total !== task.total || old.state !== task.state) this.#progress(task);
    const text = task.error ? task.error.message : (task.message ?? '');
    if (this.message.textContent !== text) this.message.textContent = text;
    const code = task.error ? task.error.code : '';
    if (this.message.title !== code) this.message.title = code;
    this.tick();
  }

  #progress(task) {
    if (task.total > 0) {
      this.bar.max = task.total;
      this.bar.value = Math.min(task.value, task.total);
      this.pct.textContent = Math.floor((100 * Math.min(task.value, task.total)) / task.total) + '%';
    } else if (FINISHED.has(task.state)) {
      this.bar.max = 1;
      this.bar.value = task.state === 'succeeded' ? 1 : 0;
      this.pct.textContent = task.state === 'succeeded' ? '100%' : '';
    } else {
      this.bar.removeAttribute('value'); // indeterminate: no total known
      this.pct.textContent = task.value > 0 ? String(task.value) : '';
    }
  }

  /** tick shows the duration: from start to end, or to now while running. */
  tick() {
    const t = this.task;
    let text = '';
    if (t.startedAt) {
      const end = t.endedAt ? Date.parse(t.endedAt) : Date.now() + clockOffset;
      text = duration(end - Date.parse(t.startedAt), !t.endedAt);
    }
    if (this.duration.textContent !== text) this.duration.textContent = text;
  }
}

const rowOf = new WeakMap(); // tr -> Row
const onScreen = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const row = rowOf.get(entry.target);
    if (!row) continue;
    row.visible = entry.isIntersecting;
    if (row.visible && row.shown !== row.task) row.render();
  }
}, { rootMargin: '200px 0px' });
const rows = new Map(); // id -> Row
const running = new Set(); // rows whose duration ticks
const counts = Object.fromEntries(STATES.map((s) => [s, 0]));
let clockOffset = 0; // server clock minus ours, from each event's "now"

// ---- the feed: merged as it comes, applied once per frame ----

let snapshot = null; // a snapshot not yet applied: it replaces everything shown
const pending = new Map(); // id -> newest task state not yet applied
const forgotten = new Set();
let scheduled = false;

const feed = events(new URL('events?limit=' + limit, api).href);
feed.on('snapshot', (data) => {
  clock(data.now);
  limit = data.limit;
  snapshot = data.tasks;
  pending.clear();
  forgotten.clear();
  schedule();
});
feed.on('changes', (data) => {
  clock(data.now);
  for (const t of data.tasks) {
    const seen = pending.get(t.id);
    if (!seen || t.lastEventId > seen.lastEventId) pending.set(t.id, t);
  }
  for (const id of data.forgotten) {
    pending.delete(id);
    forgotten.add(id);
  }
  schedule();
});
feed.onopen = () => setStatus('live', 'live');
feed.onerror = () => setStatus('down', 'reconnecting\u2026');

function clock(now) {
  const at = Date.parse(now);
  if (!Number.isNaN(at)) clockOffset = at - Date.now();
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(apply);
  setTimeout(apply, 250); // a hidden tab gets no frames; this keeps it current, throttled
}

function apply() {
  if (!scheduled) return;
  scheduled = false;
  if (snapshot) {
    replaceAll(snapshot);
    snapshot = null;
  }
  for (const id of forgotten) remove(rows.get(id));
  forgotten.clear();
  for (const t of pending.values()) upsert(t);
  pending.clear();
  showSummary();
}

/** replaceAll shows exactly the snapshot's tasks, in its order, reusing the rows already there. */
function replaceAll(tasks) {
  const keep = new Set(tasks.map((t) => t.id));
  for (const row of [...rows.values()]) if (!keep.has(row.id)) remove(row);
  const ordered = [];
  for (const t of tasks.slice(0, limit)) {
    let row = rows.get(t.id);
    if (!row) {
      row = new Row(t);
      rows.set(t.id, row);
    }
    row.show(t);
    ordered.push(row.tr);
  }
  tbody.replaceChildren(...ordered);
}

/** upsert updates a task's row, or adds one if it is among the newest `limit`. */
function upsert(t) {
  const row = rows.get(t.id);
  if (row) {
    if (t.lastEventId > row.task.lastEventId) row.show(t);
    return;
  }
  const created = Date.parse(t.createdAt);
  const oldest = tbody.lastElementChild && rowOf.get(tbody.lastElementChild);
  if (rows.size >= limit && oldest && created < oldest.created) return; // older than all we show
  const added = new Row(t);
  rows.set(t.id, added);
  added.show(t);
  insert(added);
  while (rows.size > limit) remove(rowOf.get(tbody.lastElementChild));
}

/** insert puts a row in creation order, newest first; new tasks go on top at once. */
function insert(row) {
  let after = tbody.firstElementChild;
  if (!after || row.created >= rowOf.get(after).created) {
    tbody.prepend(row.tr);
    return;
  }
  let before = tbody.lastElementChild;
  while (before && rowOf.get(before).created < row.created) before = before.previousElementSibling;
  before.after(row.tr);
}

function remove(row) {
  if (!row) return;
  onScreen.unobserve(row.tr);
  row.tr.remove();
  rows.delete(row.id);
  running.delete(row);
  counts[row.task.state]--;
}

function showSummary() {
  const parts = STATES.filter((s) => counts[s] > 0).map((s) => counts[s] + ' ' + s);
  let text = rows.size + (rows.size === 1 ? ' task' : ' tasks') + (parts.length ? ': ' + parts.join(', ') : '');
  if (rows.size >= limit) text += ' (the newest ' + limit + ')';
  if (summary.textContent !== text) summary.textContent = text;
  empty.hidden = rows.size > 0;
}

setInterval(() => {
  for (const row of running) if (row.visible) row.tick();
}, 1000);

function duration(ms, live) {
  const s = Math.max(0, ms) / 1000;
  if (s < 10 && !live) return s.toFixed(1) + ' s';
  if (s < 60) return Math.floor(s) + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' min ' + String(Math.floor(s % 60)).padStart(2, '0') + ' s';
  return Math.floor(m / 60) + ' h ' + String(m % 60).padStart(2, '0') + ' min';
}

function setStatus(kind, text) {
  statusLabel.className = kind;
  statusLabel.textContent = text;
}

function say(text, isError) {
  notice.textContent = text;
  notice.className = isError ? 'error' : '';
}

// ---- actions: cancel (one listener for every row) and start ----

tbody.addEventListener('click', async (event) => {
  const button = event.target.closest('button.cancel');
  if (!button) return;
  const row = rowOf.get(button.closest('tr'));
  button.disabled = true;
  try {
    const r = await fetch(new URL(encodeURIComponent(row.id), api), { method: 'DELETE' });
    if (!r.ok && r.status !== 409) say('Could not cancel ' + row.id + ': ' + (await reason(r)), true);
  } catch (e) {
    say('Could not cancel ' + row.id + ': ' + e.message, true);
  }
});

if (kindField.options.length === 0) {
  startButton.disabled = true;
  say('No kinds of task are registered.', false);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const kind = kindField.value;
  const args = argsField.value.trim() || '{}';
  try {
    JSON.parse(args);
  } catch (e) {
    say('The arguments are not JSON: ' + e.message, true);
    return;
  }
  startButton.disabled = true;
  try {
    const r = await fetch(new URL(encodeURIComponent(kind), api), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: args,
    });
    if (r.status === 202) {
      const task = await r.json();
      say('Started ' + task.kind + ' ' + task.id + '.', false);
    } else {
      say('Not started: ' + (await reason(r)), true);
    }
  } catch (e) {
    say('Not started: ' + e.message, true);
  } finally {
    startButton.disabled = false;
  }
});

/** reason is what an error response says: its JSON "error", or its text. */
async function reason(response) {
  const text = (await response.text()).trim();
  try {
    const json = JSON.parse(text);
    if (json && typeof json.error === 'string') return json.error + ' (' + response.status + ')';
  } catch {
    // not JSON: the text itself
  }
  return (text || response.statusText) + ' (' + response.status + ')';
}
