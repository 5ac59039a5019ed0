package dev.eddy.internal.route;

import dev.eddy.Handler;
import dev.eddy.Router;
import dev.eddy.internal.routing.PathPattern;
import dev.eddy.route.Delete;
import dev.eddy.route.Get;
import dev.eddy.route.Patch;
import dev.eddy.route.Post;
import dev.eddy.route.Put;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ClassRoutes builds a {@link Router} from an object's annotated methods (see
 * {@link dev.eddy.route.Routes}). All reflection happens here, once: each route becomes a
 * {@link MethodHandler} holding a spread method handle and its argument binders. Mistakes are
 * collected and thrown together.
 */
public final class ClassRoutes {
  /** One route declared on a method. */
  private record Declared(String httpMethod, String path, Method method) {}

  private ClassRoutes() {}

  public static Router build(Object target, MethodHandles.Lookup lookup) {
    Class<?> type = target.getClass();
    List<String> mistakes = new ArrayList<>();
    Map<String, Method> routed = new LinkedHashMap<>(); // "GET shape" -> method
    Router router = new Router();
    int routes = 0;
    for (Method method : methods(type)) {
      List<Declared> declared = declared(method);
      if (declared.isEmpty()) {
        continue;
      }
      String where = describe(method);
      if (!Modifier.isPublic(method.getModifiers())) {
        mistakes.add(where + " is not public; route methods must be public");
        continue;
      }
      for (Declared d : declared) {
        PathPattern pattern;
        try {
          pattern = PathPattern.parse(d.path());
        } catch (IllegalArgumentException e) {
          mistakes.add(where + ": " + e.getMessage());
          continue;
        }
        Method other = routed.putIfAbsent(d.httpMethod() + " " + pattern.shape(), method);
        if (other != null) {
          mistakes.add(describe(other) + " and " + where + " both route " + d.httpMethod() + " " + d.path());
          continue;
        }
        List<String> problems = new ArrayList<>();
        ArgBinder[] binders = ArgBinders.forMethod(method, pattern.paramNames(), problems);
        ResultWriter writer = ResultWriter.forType(method.getReturnType());
        MethodHandle invoker = invoker(target, method, lookup, problems);
        if (!problems.isEmpty()) {
          problems.forEach(p -> mistakes.add(where + ": " + p));
          continue;
        }
        Handler handler = new MethodHandler(where, invoker, binders, writer);
        router.route(d.httpMethod(), d.path(), handler);
        routes++;
      }
    }
    if (mistakes.isEmpty() && routes == 0) {
      mistakes.add(type.getName() + " has no route methods (@Get, @Post, @Put, @Patch, @Delete)");
    }
    if (!mistakes.isEmpty()) {
      throw new IllegalArgumentException("Can't route " + type.getName() + ":\n  " + String.join("\n  ", mistakes));
    }
    return router;
  }

  /** The methods of {@code type} and its superclasses, most specific first, overridden ones once. */
  private static List<Method> methods(Class<?> type) {
    List<Method> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      Method[] declared = c.getDeclaredMethods();
      Arrays.sort(declared, (a, b) -> a.getName().equals(b.getName())
          ? Arrays.toString(a.getParameterTypes()).compareTo(Arrays.toString(b.getParameterTypes()))
          : a.getName().compareTo(b.getName()));
      for (Method m : declared) {
        if (m.isSynthetic() || m.isBridge()) {
          continue;
        }
        if (seen.add(m.getName() + Arrays.toString(m.getParameterTypes()))) {
          out.add(m);
        }
      }
    }
    return out;
  }

  private static List<Declared> declared(Method m) {
    List<Declared> out = new ArrayList<>(1);
    for (Annotation a : m.getAnnotations()) {
      switch (a) {
        case Get g -> out.add(new Declared("GET", g.value(), m));
        case Post p -> out.add(new Declared("POST", p.value(), m));
        case Put p -> out.add(new Declared("PUT", p.value(), m));
        case Patch p -> out.add(new Declared("PATCH", p.value(), m));
        case Delete d -> out.add(new Declared("DELETE", d.value(), m));
        default -> { }
      }
    }
    return out;
  }

  /** A handle taking the arguments as one {@code Object[]} and returning an Object (null for void). */
  private static MethodHandle invoker(Object target, Method method, MethodHandles.Lookup lookup, List<String> problems) {
    try {
      MethodHandle mh = lookup.unreflect(method);
      if (!Modifier.isStatic(method.getModifiers())) {
        mh = mh.bindTo(target);
      }
      return mh.asSpreader(Object[].class, method.getParameterCount())
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (IllegalAccessException e) {
      problems.add("not accessible to Eddy (" + e.getMessage() + "); make "
          + method.getDeclaringClass().getSimpleName() + " public in an exported package, or pass "
          + "MethodHandles.lookup() to Routes.of(target, lookup)");
      return null;
    }
  }

  /** {@code Blog.show(long)}: how mistakes and errors name a method. */
  static String describe(Method m) {
    StringBuilder sb = new StringBuilder(m.getDeclaringClass().getSimpleName()).append('.').append(m.getName()).append('(');
    Class<?>[] types = m.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
    }
    return sb.append(')').toString();
  }
}
