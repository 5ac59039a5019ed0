package dev.eddy.examples.admin;

import dev.eddy.Mount;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * ManagedApp is a mounted app the admin page can put into maintenance: its name in the admin
 * API ({@code /admin/apps/blog}), a title for the page, its {@link Mount}, and a one-line summary
 * of its content ("3 posts"), asked for each time the state is shown.
 */
public record ManagedApp(String name, String title, Mount mount, Supplier<String> summary) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  public ManagedApp {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(summary, "summary");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("An app's admin name is 1 to 32 lower-case letters, digits or '-', "
          + "starting with a letter; got '" + name + "'");
    }
  }

  /** Its state now. */
  AppStatus status() {
    return new AppStatus(name, title, mount.prefix(), mount.inMaintenance(), mount.inFlight(), summary.get());
  }
}
