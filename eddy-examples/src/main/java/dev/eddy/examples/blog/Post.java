package dev.eddy.examples.blog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Post is one published blog post. Its day is its publication date in UTC, the day the blog's
 * {@code /:year/:mo/:day} pages list it under. As JSON it is {@code {"id", "title", "body",
 * "published"}} (an ISO-8601 instant).
 */
public record Post(long id, String title, String body, Instant published) {
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm 'UTC'", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);

  public Post {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(published, "published");
  }

  /** The publication date in UTC. */
  public LocalDate day() {
    return LocalDate.ofInstant(published, ZoneOffset.UTC);
  }

  /** The day's page, relative to the blog: {@code 2015/08/02}. */
  public String dayPath() {
    return dayPath(day());
  }

  /** The publication time as shown on pages: {@code 2 August 2015, 14:30 UTC}. */
  public String publishedText() {
    return SHOWN.format(published);
  }

  /** The body's paragraphs: the text between blank lines, each trimmed, empty ones dropped. */
  public List<String> paragraphs() {
    return java.util.Arrays.stream(body.split("\\n\\s*\\n")).map(String::strip).filter(p -> !p.isEmpty()).toList();
  }

  /** A day's page, relative to the blog: {@code 2015/08/02}. */
  public static String dayPath(LocalDate day) {
    return String.format(Locale.ROOT, "%04d/%02d/%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
  }
}
