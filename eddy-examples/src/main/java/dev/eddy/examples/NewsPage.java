package dev.eddy.examples;

/**
 * NewsPage is the News demo's page. Its elements have stable ids for browser tests:
 * {@code run} (the button), {@code status}, {@code pages}, {@code sequential-ms},
 * {@code concurrent-ms}, {@code speedup} and {@code headlines} (a list). Its script is a file of
 * its own ({@link #SCRIPT}, served at {@code news.js}), as the gallery's Content-Security-Policy allows.
 */
final class NewsPage {
  private NewsPage() {}

  /** The page's script: runs the race through {@code <base>/run} and fills the page in. */
  static final String SCRIPT = """
      // News demo (seed 003): asks the server to fetch the pages both ways and shows the times.
      const $ = (id) => document.getElementById(id);
      async function run() {
        $('run').disabled = true;
        $('status').textContent = 'Running\u2026';
        try {
          const r = await fetch(document.body.dataset.base + '/run', { headers: { Accept: 'application/json' } });
          const race = await r.json();
          if (!r.ok) throw new Error(race.error || r.statusText);
          $('pages').textContent = race.pages;
          $('sequential-ms').textContent = race.sequentialMs;
          $('concurrent-ms').textContent = race.concurrentMs;
          $('speedup').textContent = (race.sequentialMs / Math.max(1, race.concurrentMs)).toFixed(1) + '\u00d7';
          $('headlines').replaceChildren(...race.headlines.map((h) => {
            const li = document.createElement('li');
            li.textContent = h;
            return li;
          }));
          $('status').textContent = 'Done';
        } catch (e) {
          $('status').textContent = 'Failed: ' + e.message;
        } finally {
          $('run').disabled = false;
        }
      }
      $('run').addEventListener('click', run);
      run();
      """;

  static String html(String base, int pages, long delayMs) {
    return """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>News: one after another, or all at once</title>
        <style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;line-height:1.5}
        table{border-collapse:collapse}td,th{padding:.3rem .8rem;text-align:left}
        td.n{text-align:right;font-variant-numeric:tabular-nums}#status{color:#555}</style></head>
        <body data-base="%s">
        <p><a href="/">&larr; gallery</a></p>
        <h1>News: one after another, or all at once</h1>
        <p>The server fetches <span id="pages">%d</span> pages from itself, each of which takes
        %d ms to answer: first one after another, then all at once on virtual threads with
        Eddy's HTTP client (seed 003, <code>get_news_sync.py</code> against <code>get_news_async.py</code>).</p>
        <p><button id="run" type="button">Run again</button> <span id="status">Running&hellip;</span></p>
        <table>
        <tr><th>one after another</th><td class="n"><span id="sequential-ms">&ndash;</span> ms</td></tr>
        <tr><th>all at once</th><td class="n"><span id="concurrent-ms">&ndash;</span> ms</td></tr>
        <tr><th>speed-up</th><td class="n"><span id="speedup">&ndash;</span></td></tr>
        </table>
        <ol id="headlines"></ol>
        <script type="module" src="%s/news.js"></script>
        </body>
        </html>
        """.formatted(base, pages, delayMs, base);
  }
}
