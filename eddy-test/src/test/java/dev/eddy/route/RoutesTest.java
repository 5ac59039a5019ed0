package dev.eddy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eddy.App;
import dev.eddy.Context;
import dev.eddy.body.Form;
import dev.eddy.body.Validated;
import dev.eddy.body.Violations;
import dev.eddy.test.EddyTest;
import java.lang.invoke.MethodHandles;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class RoutesTest {
  public record Entry(long id, String title) {}

  public record NewPost(String title, String body) implements Validated {
    @Override
    public void validate(Violations v) {
      v.notBlank("title", title).length("body", body, 1, 1000);
    }
  }

  /** The seed's Growler blog, as a class. */
  public static class Blog {
    @Get("/")
    public String index() {
      return "index";
    }

    @Get("/:id")
    public Entry show(@Param("id") long id) {
      return new Entry(id, "Post " + id);
    }

    @Get("/:year/:mo/:day")
    public String byDate(@Param("year") int year, @Param("mo") Month month, @Param("day") short day) {
      return LocalDate.of(year, month, day).toString();
    }

    @Post("/new_post")
    public void create(@Body NewPost post, Context ctx) {
      ctx.status(201).json(new Entry(7, post.title()));
    }

    @Get("/feed/async")
    public CompletionStage<List<Entry>> feed() {
      return CompletableFuture.supplyAsync(() -> List.of(new Entry(1, "a")));
    }

    @Delete("/:id")
    public Entry remove(@Param("id") long id) {
      return null;
    }
  }

  /** Every parameter type the binder converts, as query parameters and headers. */
  public static class Types {
    public enum Color { RED, GREEN }

    @Get("/q")
    public String query(@Query("s") String s, @Query("i") int i, @Query("l") Long l, @Query("d") double d,
                        @Query("b") boolean b, @Query("c") Color c, @Query("u") UUID u, @Query("day") LocalDate day,
                        @Query("n") BigDecimal n, @Query("at") Instant at, @Query("ch") char ch) {
      return String.join("|", s, "" + i, "" + l, "" + d, "" + b, "" + c, "" + u, "" + day, "" + n, "" + at, "" + ch);
    }

    @Get("/opt")
    public String optional(@Query("page") Optional<Integer> page, @Query(value = "size", orElse = "20") int size,
                           @Query("tag") List<String> tags, @Header("X-Ids") List<Long> ids,
                           @Header(value = "X-Mode", orElse = "GREEN") Color mode) {
      return page + " " + size + " " + tags + " " + ids + " " + mode;
    }

    @Get("/h")
    public String header(@Header("X-Count") int count) {
      return "count " + count;
    }

    @Post("/form")
    public String form(@Body Form form) {
      return form.require("a");
    }

    @Post("/raw")
    public byte[] raw(@Body String text) {
      return text.toUpperCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Get("/static/*")
    public static String rest(@Param("*") String rest) {
      return "rest " + rest;
    }
  }

  /** Not public: reachable only through a lookup handed over by the test. */
  static class Hidden {
    @Get("/hidden")
    public String hidden() {
      return "found";
    }
  }

  @Test
  void theSeedBlogRoutesAndBindsByNameAndType() throws Exception {
    App app = new App();
    app.use("/blog", Routes.of(new Blog()));
    EddyTest.run(app, (server, client) -> {
      assertEquals("index", client.get("/blog").body());
      assertEquals("index", client.get("/blog/").body());
      HttpResponse<String> post = client.get("/blog/42");
      assertEquals("application/json", post.headers().firstValue("Content-Type").orElse(""));
      assertEquals("{\"id\":42,\"title\":\"Post 42\"}", post.body());
      assertEquals("2024-02-29", client.get("/blog/2024/FEBRUARY/29").body());
      assertEquals("2024-02-29", client.get("/blog/2024/february/29").body(), "enums match case-insensitively");
      HttpResponse<String> created = client.postJson("/blog/new_post", "{\"title\": \"Hi\", \"body\": \"text\"}");
      assertEquals(201, created.statusCode());
      assertEquals("{\"id\":7,\"title\":\"Hi\"}", created.body());
      assertEquals("[{\"id\":1,\"title\":\"a\"}]", client.get("/blog/feed/async").body());
      assertEquals(204, client.send(client.request("/blog/3").DELETE()).statusCode());
    });
  }

  @Test
  void bindingFailuresAre400sNamingTheParameter() throws Exception {
    App app = new App();
    app.use("/blog", Routes.of(new Blog()));
    app.use("/", Routes.of(new Types()));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> id = client.get("/blog/abc");
      assertEquals(400, id.statusCode());
      assertEquals("Path parameter 'id' must be a whole number, got 'abc'\n", id.body());
      assertEquals("Path parameter 'mo' must be one of JANUARY, FEBRUARY, MARCH, APRIL, MAY, JUNE, JULY, AUGUST, "
          + "SEPTEMBER, OCTOBER, NOVEMBER, DECEMBER, got 'Smarch'\n", client.get("/blog/2024/Smarch/1").body());
      assertEquals("Path parameter 'day' must be a whole number from -32768 to 32767, got '99999'\n",
          client.get("/blog/2024/MAY/99999").body());
      assertEquals("Missing header 'X-Count'\n", client.get("/h").body());
      assertEquals("Header 'X-Count' must be a whole number, got 'many'\n",
          client.send(client.request("/h").header("X-Count", "many")).body());
      assertEquals("Missing query parameter 's'\n", client.get("/q").body());
      HttpResponse<String> invalid = client.postJson("/blog/new_post", "{\"title\": \" \", \"body\": \"\"}");
      assertEquals(400, invalid.statusCode());
      assertEquals("{\"error\":\"The request has invalid fields\",\"fields\":{\"title\":\"must not be blank\","
          + "\"body\":\"must be 1 to 1000 characters\"}}", invalid.body());
    });
  }

  @Test
  void everySupportedTypeConverts() throws Exception {
    App app = new App();
    app.use("/", Routes.of(new Types()));
    EddyTest.run(app, (server, client) -> {
      assertEquals("a b|-5|9000000000|2.5|true|GREEN|123e4567-e89b-12d3-a456-426614174000|2025-03-01|1.50|"
          + "2025-03-01T10:15:30Z|x", client.get("/q?s=a+b&i=-5&l=9000000000&d=2.5&b=TRUE&c=green"
          + "&u=123e4567-e89b-12d3-a456-426614174000&day=2025-03-01&n=1.50&at=2025-03-01T10:15:30Z&ch=x").body());
      assertEquals("Optional.empty 20 [] [] GREEN", client.get("/opt").body());
      assertEquals("Optional[3] 5 [a, b] [1, 2] RED", client.send(client.request("/opt?page=3&size=5&tag=a&tag=b")
          .header("X-Ids", "1").header("X-Ids", "2").header("X-Mode", "RED")).body());
      assertEquals("Query parameter 'page' must be a whole number, got '1e3'\n", client.get("/opt?page=1e3").body());
      assertEquals("Query parameter 'page' must be a whole number from -2147483648 to 2147483647, got '3000000000'\n",
          client.get("/opt?page=3000000000").body());
      assertEquals("count 3", client.send(client.request("/h").header("X-Count", "3")).body());
      assertEquals("v", client.post("/form", "a=v", "application/x-www-form-urlencoded").body());
      HttpResponse<String> raw = client.post("/raw", "shout", "text/plain");
      assertEquals("application/octet-stream", raw.headers().firstValue("Content-Type").orElse(""));
      assertEquals("SHOUT", raw.body());
      assertEquals("rest a/b", client.get("/static/a/b").body());
    });
  }

  @Test
  void aClassThatIsNotPublicRoutesThroughAGivenLookup() throws Exception {
    App app = new App();
    app.use("/x", Routes.of(new Hidden(), MethodHandles.lookup()));
    EddyTest.run(app, (server, client) -> assertEquals("found", client.get("/x/hidden").body()));
  }
}
