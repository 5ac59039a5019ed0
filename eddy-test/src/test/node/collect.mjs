// collect.mjs: reads an event stream with the `eventsource` npm package (a WHATWG-conformant
// EventSource for Node) and prints what it dispatched as JSON, for dev.eddy.sse's acceptance
// tests to compare with Eddy's own Java client.
//
//   node collect.mjs URL NAMES_JSON STOP_EVENT [TIMEOUT_MS]
//
// NAMES_JSON lists the event types to listen to (an EventSource only dispatches named events to
// listeners registered for that name). It prints [{event, data, id}, ...] in dispatch order once
// an event of type STOP_EVENT arrives, then closes the stream and exits 0. Reconnections happen
// as the package does them, with Last-Event-ID. It writes "first event" to stderr on the first one.
// Exits 2 after TIMEOUT_MS (default 20 s) with what it got on stderr.
import { EventSource } from 'eventsource';

const [url, namesJson, stopEvent, timeoutArg] = process.argv.slice(2);
if (!url || !namesJson || !stopEvent) {
  process.stderr.write('usage: node collect.mjs URL NAMES_JSON STOP_EVENT [TIMEOUT_MS]\n');
  process.exit(64);
}
const names = new Set(JSON.parse(namesJson));
names.add('message');
names.add(stopEvent);

const got = [];
const es = new EventSource(url);
const timer = setTimeout(() => {
  process.stderr.write(`timed out waiting for '${stopEvent}'; got ${JSON.stringify(got)}\n`);
  process.exit(2);
}, Number(timeoutArg ?? 20000));

for (const name of names) {
  es.addEventListener(name, (e) => {
    got.push({ event: e.type, data: e.data, id: e.lastEventId });
    if (got.length === 1) process.stderr.write('first event\n'); // NodeEventSource.awaitFirstEvent
    if (e.type === stopEvent) {
      es.close();
      clearTimeout(timer);
      process.stdout.write(JSON.stringify(got));
    }
  });
}
es.onerror = (e) => process.stderr.write(`error event: ${e.message ?? ''} (code ${e.code ?? '-'})\n`);
