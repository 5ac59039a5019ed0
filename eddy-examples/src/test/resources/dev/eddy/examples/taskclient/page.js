// The TaskClientBrowserTest page: eddy.js's task client against a real TaskSocket. It follows
// one "count" task, remembered in sessionStorage, and lists its custom "tick" events as they come.
import { taskClient } from '/eddy.js';

const $ = (id) => document.getElementById(id);
const tasks = taskClient('/tasks/ws');
let task = tasks.resume('count');

function follow(t) {
  $('status').textContent = 'running';
  t.onProgress(({ value, total }) => {
    const percent = (value / total) * 100;
    $('bar').value = percent;
    $('percent').textContent = percent.toFixed(0) + '%';
  });
  t.on('tick', (m) => {
    const item = document.createElement('li');
    item.textContent = String(m.data.n);
    $('ticks').append(item);
  });
  t.done.then((end) => { $('status').textContent = end.type; }, (e) => { $('status').textContent = 'error ' + e.code; });
}

if (task) follow(task);
else $('status').textContent = 'idle';
$('start').addEventListener('click', () => {
  task = tasks.start('count', { n: 100 }, { remember: 'count' });
  follow(task);
});
$('stop').addEventListener('click', () => task?.stop());
