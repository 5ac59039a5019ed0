// chat.js: the chat page's client (seed 001). A file of its own rather than an inline script, so
// the gallery's Content-Security-Policy (script-src 'self') lets it run.
import { events } from '/eddy.js';

const $ = (id) => document.getElementById(id);
let me = null;

// Text goes in with textContent only: what people type is never parsed as HTML.
function show(kind, user, text) {
  const item = document.createElement('li');
  item.className = kind + (user === me ? ' mine' : '');
  item.dataset.user = user;
  const name = document.createElement('span');
  name.className = 'user';
  name.textContent = user;
  const body = document.createElement('span');
  body.className = 'text';
  body.textContent = text;
  item.append(name, body);
  const log = $('log');
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  log.append(item);
  if (atBottom) log.scrollTop = log.scrollHeight;
}

const chat = events('/chat/events');
chat.on('welcome', ({ user }) => {
  me = user;
  $('me').textContent = user;
  $('text').disabled = $('send').disabled = false;
  $('text').focus();
});
chat.on('message', ({ user, message }) => show('message', user, message));
chat.on('joined', ({ user }) => show('joined', user, 'joined'));
chat.on('left', ({ user }) => show('left', user, 'left'));
chat.onopen = () => { $('status').textContent = 'live'; $('status').className = 'open'; };
chat.onerror = () => { $('status').textContent = 'reconnecting\u2026'; $('status').className = ''; };

$('say').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('text');
  if (!text.value.trim()) return;
  $('error').textContent = '';
  try {
    const response = await fetch('/chat/events', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ user: me, message: text.value }),
    });
    if (response.ok) {
      text.value = '';
    } else {
      const body = await response.json().catch(() => ({}));
      $('error').textContent = body.error ?? 'The server said ' + response.status;
    }
  } catch (e) {
    $('error').textContent = 'Could not send: ' + e.message;
  }
});
