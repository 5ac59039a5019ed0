// results.js: the Paginated results page's client (seed 000, "web socket handler as a task").
// Page 1 came with the HTML; the socket pushes the others, then "done". A file of its own rather
// than an inline script, so the gallery's Content-Security-Policy (script-src 'self') lets it run.
import { connect } from '/eddy.js';

const $ = (id) => document.getElementById(id);
const pages = Number(document.body.dataset.pages);
let shown = 1; // the last page on screen
let done = false;

function status(text, state) {
  $('status').textContent = text;
  $('status').dataset.state = state;
}

// Items go in with textContent only: results are data, never parsed as HTML.
function append(page, items) {
  const list = document.createElement('ul');
  list.className = 'page live';
  list.dataset.page = page;
  for (const item of items) {
    const li = document.createElement('li');
    li.textContent = item;
    list.append(li);
  }
  $('results').append(list);
}

// One connection at a time: opened on load, closed when the page is hidden (navigating away,
// even into the back/forward cache), so the server stops fetching for a page nobody sees; opened
// again if the page comes back unfinished.
let socket = null;

function start() {
  status('page ' + shown + ' of ' + pages, 'loading');
  socket = connect(document.body.dataset.socket);
  socket.on('results', ({ page, value }) => {
    // A new connection (after a drop or a return) starts again at page 2: skip what is on screen.
    if (page !== shown + 1) return;
    append(page, value);
    shown = page;
    $('progress').value = page;
    status('page ' + page + ' of ' + pages, 'loading');
  });
  socket.on('done', () => {
    done = true;
    $('progress').value = pages;
    const items = document.querySelectorAll('#results li').length;
    status('Done: all ' + shown + ' pages, ' + items + ' results', 'done');
  });
  socket.on('error', ({ error }) => console.warn('results socket:', error));
  socket.onclose = (event, willReconnect) => {
    if (done) return;
    if (willReconnect) status('page ' + shown + ' of ' + pages + ': connection lost, reconnecting\u2026', 'loading');
    else status('Stopped at page ' + shown + ' of ' + pages + ' (' + (event.reason || 'code ' + event.code) + ')', 'stopped');
  };
}

window.addEventListener('pagehide', () => socket?.close(1000, 'page hidden'));
window.addEventListener('pageshow', (event) => {
  if (event.persisted && !done) start();
});
start();
