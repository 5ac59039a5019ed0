package dev.eddy.examples;

import dev.eddy.App;
import dev.eddy.Mount;
import dev.eddy.examples.admin.Admin;
import dev.eddy.examples.admin.ManagedApp;
import dev.eddy.examples.blog.BlogApp;
import dev.eddy.examples.blog.PostStore;
import java.util.List;

/**
 * BlogDemo is seed 004's {@code Blog} and its closing wish: the blog (an annotated class,
 * rendered with jte) is a sub-app mounted at {@code /blog}, and the admin page at {@code /admin/}
 * turns it off for maintenance while the rest of the gallery keeps serving.
 */
final class BlogDemo {
  private BlogDemo() {}

  /** Mounts the blog (a few seeded posts, in memory) and adds the admin page managing it. */
  static void register(App app, GalleryConfig config) {
    PostStore posts = PostStore.seeded();
    Mount blog = app.mount("/blog", BlogApp.create(GalleryTemplates.renderer(), posts));
    app.mount("/admin", Admin.app(config.adminPassword(), GalleryTemplates.renderer(), List.of(
        new ManagedApp("blog", "Blog", blog, () -> posts.size() + (posts.size() == 1 ? " post" : " posts")))));
  }
}
