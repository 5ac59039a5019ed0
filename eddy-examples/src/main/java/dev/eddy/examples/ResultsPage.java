package dev.eddy.examples;

import java.util.List;

/**
 * ResultsPage is the results demo's HTML: page 1 rendered on the server, items escaped. Its
 * elements have stable ids for the script and for browser tests: {@code status} (the progress
 * line, its {@code data-state} is {@code loading}, {@code done} or {@code stopped}),
 * {@code progress} (a {@code <progress>}), and {@code results}, holding one
 * {@code <ul class="page" data-page="n">} per page. The script is a file, {@code results.js}, as
 * the gallery's Content-Security-Policy wants.
 */
final class ResultsPage {
  private ResultsPage() {}

  static String html(List<String> firstPage, int pages) {
    StringBuilder items = new StringBuilder();
    for (String item : firstPage) {
      items.append("<li>").append(escape(item)).append("</li>");
    }
    return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Paginated results</title>
        <style>
          body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.4 }
          #status { color: #555 }
          #status[data-state=done] { color: #2a7a2a; font-weight: 600 }
          #status[data-state=stopped] { color: #b00020 }
          progress { width: 100%%; height: .8rem }
          .page { list-style: none; display: grid; grid-template-columns: repeat(5, 1fr); gap: .3rem; padding: 0; margin: .6rem 0 }
          .page li { padding: .3rem .5rem; border: 1px solid #ddd; border-radius: 4px; font-variant-numeric: tabular-nums }
          .page.live li { background: #f3f8ff }
        </style>
        </head>
        <body data-pages="%d" data-socket="/results/ws">
        <p><a href="/">&larr; gallery</a></p>
        <h1>Paginated results</h1>
        <p>The first page came with this HTML; the server pushes the other %d over a WebSocket as it
        fetches them, and stops fetching the moment the socket closes (seed 000, the web socket
        handler as a task).</p>
        <p><span id="status" data-state="loading" aria-live="polite">page 1 of %d</span></p>
        <progress id="progress" max="%d" value="1"></progress>
        <div id="results">
        <ul class="page" data-page="1">%s</ul>
        </div>
        <script type="module" src="/results/results.js"></script>
        </body>
        </html>
        """.formatted(pages, pages - 1, pages, pages, items);
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
