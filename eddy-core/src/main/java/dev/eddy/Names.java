package dev.eddy;

/** Names turns a class into a readable name for messages; lambdas become "lambda in Outer". */
final class Names {
  private Names() {}

  static String describe(Class<?> type) {
    String name = type.getName();
    int lambda = name.indexOf("$$Lambda");
    if (lambda >= 0) {
      String outer = name.substring(0, lambda);
      return "lambda in " + outer.substring(outer.lastIndexOf('.') + 1);
    }
    return type.getSimpleName().isEmpty() ? name : type.getSimpleName();
  }
}
