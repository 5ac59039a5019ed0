package dev.eddy.body;

/**
 * Validated is a request value that checks itself once bound, with plain code:
 *
 * <pre>{@code
 * record Signup(String email, String name, int age) implements Validated {
 *   public void validate(Violations v) {
 *     v.email("email", email);
 *     v.length("name", name, 1, 100);
 *     v.check("age", age >= 13, "must be at least 13");
 *   }
 * }
 * }</pre>
 *
 * {@link JsonBody#read} calls it after binding; each violation names its field in the 400
 * ({@link InvalidBodyException}). Required fields are already known to be present when it runs.
 */
@FunctionalInterface
public interface Validated {
  /** Adds a violation for each field that is wrong; adds nothing when the value is fine. */
  void validate(Violations violations);
}
