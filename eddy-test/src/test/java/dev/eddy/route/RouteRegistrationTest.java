package dev.eddy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.Context;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every mistake in a router class is reported when the router is built, naming class and method. */
class RouteRegistrationTest {
  private static String mistakes(Object target) {
    return assertThrows(IllegalArgumentException.class, () -> Routes.of(target)).getMessage();
  }

  public static class NotPublicMethod {
    @Get("/a")
    String a() {
      return "";
    }
  }

  public static class UnknownPathParam {
    @Get("/:id")
    public String show(@Param("idd") long id) {
      return "";
    }
  }

  public static class UnsupportedType {
    @Get("/a")
    public String a(@Query("x") StringBuilder x) {
      return "";
    }
  }

  public static class Unbound {
    @Get("/a")
    public String a(Context ctx, String name) {
      return "";
    }
  }

  public static class SameRouteTwice {
    @Get("/:id")
    public String byId(@Param("id") long id) {
      return "";
    }

    @Get("/:name")
    public String byName(@Param("name") String name) {
      return "";
    }
  }

  public static class BadPath {
    @Post("no-slash")
    public void a(Context ctx) {}
  }

  static class NotPublicClass {
    @Get("/a")
    public String a() {
      return "";
    }
  }

  public static class NoRoutes {
    public String notARoute() {
      return "";
    }
  }

  public static class BadDefault {
    @Get("/a")
    public String a(@Query(value = "n", orElse = "many") int n) {
      return "";
    }
  }

  public static class RawList {
    @Get("/a")
    @SuppressWarnings("rawtypes")
    public String a(@Query("t") List t) {
      return "";
    }
  }

  public static class PrimitiveBody {
    @Post("/a")
    public String a(@Body int n) {
      return "";
    }
  }

  public static class TwoBindings {
    @Get("/:id")
    public String a(@Param("id") @Query("id") String id) {
      return "";
    }
  }

  public static class Several {
    @Get("/:id")
    public String a(@Param("x") long id) {
      return "";
    }

    @Get("/b")
    public String b(Object o) {
      return "";
    }
  }

  @Test
  void aRouteMethodThatIsNotPublic() {
    assertEquals("Can't route " + NotPublicMethod.class.getName() + ":\n  NotPublicMethod.a() is not public; "
        + "route methods must be public", mistakes(new NotPublicMethod()));
  }

  @Test
  void anUnknownPathParameter() {
    assertEquals("Can't route " + UnknownPathParam.class.getName() + ":\n  UnknownPathParam.show(long): parameter 1 "
        + "(long) binds path parameter ':idd', which the path does not have (it has :id)", mistakes(new UnknownPathParam()));
  }

  @Test
  void anUnsupportedParameterType() {
    assertEquals("Can't route " + UnsupportedType.class.getName() + ":\n  UnsupportedType.a(StringBuilder): "
        + "parameter 1 (StringBuilder): Eddy can't convert text to java.lang.StringBuilder (it converts strings, "
        + "primitives and their boxes, enums, UUID, BigInteger, BigDecimal and java.time dates)",
        mistakes(new UnsupportedType()));
  }

  @Test
  void aParameterWithoutABinding() {
    assertEquals("Can't route " + Unbound.class.getName() + ":\n  Unbound.a(Context, String): parameter 2 (String) "
        + "has no @Param, @Query, @Header or @Body (only a Context needs none)", mistakes(new Unbound()));
  }

  @Test
  void twoMethodsOnOneMethodAndPath() {
    assertEquals("Can't route " + SameRouteTwice.class.getName() + ":\n  SameRouteTwice.byId(long) and "
        + "SameRouteTwice.byName(String) both route GET /:name", mistakes(new SameRouteTwice()));
  }

  @Test
  void aBadPath() {
    String m = mistakes(new BadPath());
    assertEquals(true, m.startsWith("Can't route " + BadPath.class.getName() + ":\n  BadPath.a(Context): "), m);
    assertEquals(true, m.contains("no-slash"), m);
  }

  @Test
  void aClassEddyCannotReach() {
    String m = mistakes(new NotPublicClass());
    assertEquals(true, m.startsWith("Can't route " + NotPublicClass.class.getName() + ":\n  NotPublicClass.a(): "
        + "not accessible to Eddy ("), m);
    assertEquals(true, m.endsWith("make NotPublicClass public in an exported package, or pass MethodHandles.lookup() "
        + "to Routes.of(target, lookup)"), m);
  }

  @Test
  void aClassWithoutRoutes() {
    assertEquals("Can't route " + NoRoutes.class.getName() + ":\n  " + NoRoutes.class.getName()
        + " has no route methods (@Get, @Post, @Put, @Patch, @Delete)", mistakes(new NoRoutes()));
  }

  @Test
  void aDefaultThatDoesNotConvert() {
    assertEquals("Can't route " + BadDefault.class.getName() + ":\n  BadDefault.a(int): parameter 1 (int): "
        + "the default 'many' must be a whole number", mistakes(new BadDefault()));
  }

  @Test
  void aListWithoutItsElementType() {
    assertEquals("Can't route " + RawList.class.getName() + ":\n  RawList.a(List): parameter 1 (List) needs a type "
        + "argument: List<String>, say", mistakes(new RawList()));
  }

  @Test
  void aPrimitiveBodyAndTwoBindingsOnOneParameter() {
    assertEquals("Can't route " + PrimitiveBody.class.getName() + ":\n  PrimitiveBody.a(int): parameter 1 (int) "
        + "can't be a @Body", mistakes(new PrimitiveBody()));
    assertEquals("Can't route " + TwoBindings.class.getName() + ":\n  TwoBindings.a(String): parameter 1 (String) "
        + "has more than one of @Param, @Query, @Header, @Body", mistakes(new TwoBindings()));
  }

  @Test
  void everyMistakeIsReportedAtOnce() {
    assertEquals("Can't route " + Several.class.getName() + ":\n"
        + "  Several.a(long): parameter 1 (long) binds path parameter ':x', which the path does not have (it has :id)\n"
        + "  Several.b(Object): parameter 1 (Object) has no @Param, @Query, @Header or @Body (only a Context needs none)",
        mistakes(new Several()));
  }
}
