// progress.js: the progress page's client (seed 000). A file of its own rather than an inline
// script, so the gallery's Content-Security-Policy (script-src 'self') lets it run.
//
// As in the seed, the buttons send the text `start` and `stop`, and messages are dispatched by
// their `type`. The id of the running task is kept in sessionStorage (this tab only, kept across
// reloads) and sent on each connection, so a reloaded page follows the same task.
import { connect } from '/eddy.js';

const $ = (id) => document.getElementById(id);
const KEY = 'eddy.progress.task';
const mode = new URLSearchParams(location.search).get('mode') === 'blocking' ? 'blocking' : 'async';
$('mode-' + mode).className = 'current';

let attaching = false;

function status(text, running) {
  $('status').textContent = text;
  $('start').disabled = running;
  $('stop').disabled = !running;
}

function show(value, total) {
  const percent = total > 0 ? (value / total) * 100 : 0;
  $('bar').value = percent;
  $('percent').textContent = percent.toFixed(0) + '%';
}

function ended(text) {
  sessionStorage.removeItem(KEY);
  status(text, false);
}

const ws = connect('/progress/ws?mode=' + mode);
ws.onopen = () => {
  $('connection').textContent = 'live';
  $('connection').className = 'open';
  const id = sessionStorage.getItem(KEY);
  if (id) {
    attaching = true;
    ws.send('attach', { id });
  } else {
    status('idle', false);
  }
};
ws.onclose = () => {
  $('connection').textContent = 'reconnecting\u2026';
  $('connection').className = '';
  $('start').disabled = $('stop').disabled = true;
};

ws.on('started', ({ id }) => {
  sessionStorage.setItem(KEY, id);
  $('error').textContent = '';
  show(0, 1);
  status('running (' + mode + ')', true);
});
ws.on('attached', (m) => {
  attaching = false;
  status('running (' + m.mode + ')', true);
});
ws.on('progress', ({ value, total }) => show(value, total));
ws.on('done', () => ended('done'));
ws.on('cancelled', () => ended('cancelled'));
ws.on('failed', ({ error }) => ended('failed: ' + error));
ws.on('error', ({ error }) => {
  if (attaching) { // the task we kept is gone: start afresh
    attaching = false;
    ended('idle');
    return;
  }
  $('error').textContent = error;
});

$('start').addEventListener('click', () => ws.sendRaw('start'));
$('stop').addEventListener('click', () => ws.sendRaw('stop'));
