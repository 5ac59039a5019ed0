package dev.eddy.examples.blog;

import dev.eddy.body.Form;
import dev.eddy.body.Violations;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PostForm is the index page's "new post" form: the values to show in its fields and what was
 * wrong with them when a submission was refused (field name to reason, in form order).
 */
public record PostForm(String title, String body, Map<String, String> errors) {
  static final PostForm EMPTY = new PostForm("", "", Map.of());

  public PostForm {
    errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
  }

  /**
   * The submitted form, checked: the fields {@code title} and {@code body} must each be sent
   * once, and hold a valid {@link NewPost}. Other fields (such as {@code _csrf}) are ignored.
   */
  static PostForm submitted(Form form) {
    Map<String, String> errors = new LinkedHashMap<>();
    String title = field(form, "title", errors);
    String body = field(form, "body", errors);
    if (errors.isEmpty()) {
      Violations v = new Violations();
      new NewPost(title, body).validate(v);
      errors.putAll(v.asMap());
    }
    return new PostForm(title == null ? "" : title, body == null ? "" : body, errors);
  }

  /** The post this form describes; only valid when {@link #errors()} is empty. */
  NewPost toNewPost() {
    return new NewPost(title, body);
  }

  private static String field(Form form, String name, Map<String, String> errors) {
    var values = form.all(name);
    if (values.isEmpty()) {
      errors.put(name, "is required");
      return null;
    }
    if (values.size() > 1) {
      errors.put(name, "must be sent once, got " + values.size() + " values");
    }
    return values.getFirst();
  }
}
