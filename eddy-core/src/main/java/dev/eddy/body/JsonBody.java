package dev.eddy.body;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.internal.body.RecordShape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * JsonBody binds a JSON request body to a record and checks it, so a handler gets a value that
 * is complete and valid, or the client gets a 400 that names every field that is wrong:
 *
 * <pre>{@code
 * app.post("/signups", ctx -> ctx.status(201).json(store.add(JsonBody.read(ctx, Signup.class))));
 * }</pre>
 *
 * <ol>
 *   <li>The body must be JSON ({@code 415} otherwise) and well formed ({@code 400} with line and
 *       column).
 *   <li>For a record: every component must be present and not null, unless it is an
 *       {@link java.util.Optional} or annotated {@code @Nullable} (any annotation of that name);
 *       no other field may be there; each value must have the JSON type of its component (and
 *       parse, for enums, UUIDs and dates). Nested records and lists of records are checked the
 *       same way, their fields named {@code address.zip}, {@code items[2].qty}.
 *   <li>The value is bound with the app's {@link dev.eddy.JsonCodec}.
 *   <li>If it is {@link Validated}, its {@code validate} runs.
 * </ol>
 *
 * Steps 2 and 4 fail with {@link InvalidBodyException}: {@code 400 {"error": ..., "fields":
 * {"email": "must be an email address", "age": "is required"}}}. The body is read whole, within
 * the server's body limit, so this is for buffered routes.
 */
public final class JsonBody {
  private JsonBody() {}

  public static <T> T read(Context ctx, Class<T> type) {
    Objects.requireNonNull(type, "type");
    if (type.isRecord()) {
      Object tree = ctx.bodyAs(Object.class);
      if (!(tree instanceof Map)) {
        throw new HttpException(400, "Expected a JSON object for " + type.getSimpleName());
      }
      Map<String, String> problems = new LinkedHashMap<>();
      RecordShape.check(type, tree, problems);
      if (!problems.isEmpty()) {
        throw new InvalidBodyException("The JSON body does not fit " + type.getSimpleName(), problems);
      }
    }
    T value = ctx.bodyAs(type);
    if (value instanceof Validated v) {
      Violations violations = new Violations();
      v.validate(violations);
      if (!violations.isEmpty()) {
        throw new InvalidBodyException("The request has invalid fields", violations.asMap());
      }
    }
    return value;
  }
}
