package dev.eddy.internal.route;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.body.Form;
import dev.eddy.body.JsonBody;
import dev.eddy.body.Multipart;
import dev.eddy.internal.body.TextValues;
import dev.eddy.route.Body;
import dev.eddy.route.Header;
import dev.eddy.route.Param;
import dev.eddy.route.Query;
import dev.eddy.route.Routes;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** ArgBinders chooses, once per route method, how each of its parameters is bound. */
final class ArgBinders {
  private ArgBinders() {}

  /** The binders for {@code method}'s parameters; each mistake is added to {@code problems}. */
  static ArgBinder[] forMethod(Method method, List<String> pathParams, List<String> problems) {
    Parameter[] params = method.getParameters();
    ArgBinder[] binders = new ArgBinder[params.length];
    for (int i = 0; i < params.length; i++) {
      binders[i] = forParameter(params[i], i, pathParams, problems);
    }
    return binders;
  }

  private static ArgBinder forParameter(Parameter p, int index, List<String> pathParams, List<String> problems) {
    String which = "parameter " + (index + 1) + " (" + p.getType().getSimpleName() + ")";
    List<Annotation> bindings = new ArrayList<>();
    for (Annotation a : p.getAnnotations()) {
      if (a instanceof Param || a instanceof Query || a instanceof Header || a instanceof Body) {
        bindings.add(a);
      }
    }
    if (bindings.size() > 1) {
      problems.add(which + " has more than one of @Param, @Query, @Header, @Body");
      return null;
    }
    if (bindings.isEmpty()) {
      if (p.getType() == Context.class) {
        return ctx -> ctx;
      }
      problems.add(which + " has no @Param, @Query, @Header or @Body (only a Context needs none)");
      return null;
    }
    return switch (bindings.get(0)) {
      case Param a -> pathParam(p, name(a.value(), p, which, problems), which, pathParams, problems);
      case Query a -> text(p, "Query parameter", name(a.value(), p, which, problems), a.orElse(), which, problems,
          Context::queries);
      case Header a -> text(p, "Header", a.value(), a.orElse(), which, problems, Context::headers);
      case Body a -> body(p.getType(), which, problems);
      default -> throw new IllegalStateException("unreachable");
    };
  }

  private static String name(String given, Parameter p, String which, List<String> problems) {
    if (!given.isEmpty()) {
      return given;
    }
    if (p.isNamePresent()) {
      return p.getName();
    }
    problems.add(which + " needs a name: compile with -parameters or write it, as in @Param(\"id\")");
    return null;
  }

  private static ArgBinder pathParam(Parameter p, String name, String which, List<String> pathParams, List<String> problems) {
    if (name == null) {
      return null;
    }
    if (!pathParams.contains(name)) {
      problems.add(which + " binds path parameter ':" + name + "', which the path does not have"
          + (pathParams.isEmpty() ? "" : " (it has :" + String.join(", :", pathParams) + ")"));
      return null;
    }
    Function<String, Object> convert = converter(p.getType(), which, problems);
    if (convert == null) {
      return null;
    }
    String label = "Path parameter '" + name + "'";
    return ctx -> convert(convert, ctx.param(name), label);
  }

  /** A query parameter or header: one value, a List of values, or an Optional. */
  private static ArgBinder text(Parameter p, String kind, String name, String orElse, String which,
                                List<String> problems, Values values) {
    if (name == null) {
      return null;
    }
    Class<?> type = p.getType();
    boolean list = type == List.class;
    boolean optional = type == Optional.class;
    Class<?> element = list || optional ? typeArgument(p.getParameterizedType()) : type;
    if (element == null) {
      problems.add(which + " needs a type argument: " + type.getSimpleName() + "<String>, say");
      return null;
    }
    Function<String, Object> convert = converter(element, which, problems);
    if (convert == null) {
      return null;
    }
    String label = kind + " '" + name + "'";
    boolean hasDefault = !Routes.NO_DEFAULT.equals(orElse);
    if (hasDefault) {
      try {
        convert.apply(orElse);
      } catch (IllegalArgumentException e) {
        problems.add(which + ": the default '" + orElse + "' " + e.getMessage());
        return null;
      }
    }
    if (list) {
      return ctx -> {
        List<String> sent = values.of(ctx, name);
        List<String> raw = sent.isEmpty() && hasDefault ? List.of(orElse) : sent;
        List<Object> out = new ArrayList<>(raw.size());
        for (String s : raw) {
          out.add(convert(convert, s, label));
        }
        return List.copyOf(out);
      };
    }
    return ctx -> {
      List<String> sent = values.of(ctx, name);
      String raw = sent.isEmpty() ? (hasDefault ? orElse : null) : sent.get(0);
      if (raw == null) {
        if (optional) {
          return Optional.empty();
        }
        throw new HttpException(400, "Missing " + label.substring(0, 1).toLowerCase(java.util.Locale.ROOT)
            + label.substring(1));
      }
      Object v = convert(convert, raw, label);
      return optional ? Optional.of(v) : v;
    };
  }

  @FunctionalInterface
  private interface Values {
    List<String> of(Context ctx, String name);
  }

  private static ArgBinder body(Class<?> type, String which, List<String> problems) {
    if (type == Form.class) {
      return Form::read;
    }
    if (type == Multipart.class) {
      return Multipart::read;
    }
    if (type == String.class) {
      return Context::bodyAsString;
    }
    if (type == byte[].class) {
      return Context::body;
    }
    if (type.isPrimitive() || type == Context.class) {
      problems.add(which + " can't be a @Body");
      return null;
    }
    return ctx -> JsonBody.read(ctx, type);
  }

  private static Function<String, Object> converter(Class<?> type, String which, List<String> problems) {
    Function<String, Object> c = TextValues.converter(type);
    if (c == null) {
      problems.add(which + ": Eddy can't convert text to " + type.getName()
          + " (it converts strings, primitives and their boxes, enums, UUID, BigInteger, BigDecimal and java.time dates)");
    }
    return c;
  }

  private static Class<?> typeArgument(Type generic) {
    if (generic instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> c) {
      return c;
    }
    return null;
  }

  static Object convert(Function<String, Object> convert, String raw, String label) {
    try {
      return convert.apply(raw);
    } catch (IllegalArgumentException e) {
      String shown = raw.replaceAll("\\p{Cntrl}", "?");
      shown = shown.length() > 60 ? shown.substring(0, 60) + "..." : shown;
      throw new HttpException(400, label + " " + e.getMessage() + ", got '" + shown + "'");
    }
  }
}
