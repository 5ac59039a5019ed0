package dev.eddy.examples.blog;

import dev.eddy.body.Validated;
import dev.eddy.body.Violations;

/**
 * NewPost is what {@code POST /blog/new_post} takes, as JSON ({@code {"title": .., "body": ..}})
 * or as form fields of the same names. The title is one line of 1 to {@value #MAX_TITLE}
 * characters, the body 1 to {@value #MAX_BODY} characters of text (line breaks and tabs allowed);
 * both are measured after stripping surrounding whitespace.
 */
public record NewPost(String title, String body) implements Validated {
  public static final int MAX_TITLE = 200;
  public static final int MAX_BODY = 20_000;

  @Override
  public void validate(Violations v) {
    String t = title.strip();
    String b = body.strip();
    v.notBlank("title", t)
        .length("title", t, 1, MAX_TITLE)
        .check("title", t.codePoints().noneMatch(Character::isISOControl), "must be one line of text, without control characters");
    v.notBlank("body", b)
        .length("body", b, 1, MAX_BODY)
        .check("body", b.codePoints().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t'),
            "must be text, without control characters other than line breaks and tabs");
  }

  /** The post as stored: both parts stripped, line breaks as {@code \n}. */
  NewPost normalized() {
    return new NewPost(title.strip(), body.strip().replace("\r\n", "\n").replace('\r', '\n'));
  }
}
