package dev.eddy.examples;

/** IndexPage is the gallery's front page, linking every demo. */
final class IndexPage {
  private IndexPage() {}

  /** Demo is one entry on the index: where it lives and what it shows. */
  record Demo(String href, String title, String seed, String about) {}

  static final Demo[] DEMOS = {
    new Demo("/hello", "Hello", "seed 002", "GET /hello and /hello/:name, a route with a parameter."),
    new Demo("/growler", "Growler hello", "seed 004", "A middleware sets a username on each request, kept in a session; POST /growler/username changes it."),
    new Demo("/chat/", "Chat", "seed 001", "Server-Sent Events and the Hub: generated names, messages POSTed and broadcast live, joins and leaves."),
    new Demo("/results/", "Paginated results", "seed 000", "Page 1 rendered on the server, the other nine pushed over a WebSocket as they are fetched; closing the page stops the fetching."),
    new Demo("/news/", "News, all at once", "seed 003", "Fetches 20 slow pages one after another, then concurrently with the HTTP client, and compares the times."),
    new Demo("/blog/", "Blog", "seed 004", "The Blog routerclass: an annotated class as routes, jte templates, a form with CSRF protection, mounted as a sub-app."),
    new Demo("/admin/", "Admin", "seed 004", "HTTP Basic login (user admin); takes the blog down for maintenance while the rest keeps serving."),
    new Demo("/progress/", "Progress", "seed 000", "Start and stop a long task over a WebSocket and watch its progress bar; async and blocking tasks; a reload picks the task up again."),
    new Demo("/tasks/", "Task dashboard", "seed 000", "Every task live over one event stream: state, progress, duration, cancel; start a countdown with {\"seconds\": 10}."),
  };

  static String html() {
    StringBuilder items = new StringBuilder();
    for (Demo d : DEMOS) {
      items.append("<li><a href=\"").append(d.href()).append("\">").append(d.title()).append("</a> <small>(")
          .append(d.seed()).append(")</small><br>").append(d.about()).append("</li>\n");
    }
    return """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Eddy demo gallery</title>
        <link rel="stylesheet" href="/static/gallery.css"></head>
        <body>
        <h1>Eddy demo gallery</h1>
        <p>Every example from the talks Eddy comes from, running on one server.</p>
        <ul>
        %s</ul>
        </body>
        </html>
        """.formatted(items);
  }
}
