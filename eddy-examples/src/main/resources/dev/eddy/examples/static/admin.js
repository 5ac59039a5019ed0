// Admin page: turns a mounted app's maintenance on and off through the admin API
// (POST /admin/apps/:name/maintenance with {"on": true|false}) and shows the new state.
const table = document.getElementById('apps');
const status = document.getElementById('admin-status');

function show(app) {
  document.getElementById('state-' + app.name).textContent = app.maintenance ? 'in maintenance' : 'serving';
  document.getElementById('in-flight-' + app.name).textContent = app.inFlight;
  document.getElementById('summary-' + app.name).textContent = app.summary;
  const button = document.getElementById('toggle-' + app.name);
  button.dataset.maintenance = String(app.maintenance);
  button.textContent = app.maintenance ? 'End maintenance' : 'Start maintenance';
}

async function toggle(button) {
  const name = button.dataset.app;
  const on = button.dataset.maintenance !== 'true';
  button.disabled = true;
  status.textContent = (on ? 'Starting' : 'Ending') + ' maintenance of ' + name + '\u2026';
  try {
    // Absolute, from location.origin: a page opened as http://user:password@host/admin/ would
    // resolve a relative URL with the credentials in it, and fetch refuses such URLs.
    const url = new URL(table.dataset.api + '/' + encodeURIComponent(name) + '/maintenance', location.origin);
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ on }),
    });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.error || r.status + ' ' + r.statusText);
    show(body);
    status.textContent = body.title + (body.maintenance ? ' is in maintenance.' : ' is serving again.');
  } catch (e) {
    status.textContent = 'Failed: ' + e.message;
  } finally {
    button.disabled = false;
  }
}

for (const button of document.querySelectorAll('button.toggle')) {
  button.addEventListener('click', () => toggle(button));
}
