package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ErrorHandlingTest {

  @Test
  void httpExceptionGivesItsStatusAndMessage() throws Exception {
    App app = new App();
    app.get("/users/:id", ctx -> {
      throw new HttpException(404, "No user " + ctx.param("id"));
    });
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.get("/users/42");
      assertEquals(404, r.statusCode());
      assertEquals("No user 42\n", r.body());
      HttpResponse<String> json = client.send(client.request("/users/42").header("Accept", "application/json"));
      assertEquals("{\"status\":404,\"error\":\"No user 42\"}", json.body());
    });
  }

  @Test
  void errorHandlersAreFoundByClassWalkingSuperclasses() throws Exception {
    App app = new App();
    app.error(IOException.class, (e, ctx) -> ctx.status(503).text("io: " + e.getMessage()));
    app.error(IllegalArgumentException.class, (e, ctx) -> ctx.status(422).text("bad: " + e.getMessage()));
    app.get("/missing", ctx -> {
      throw new FileNotFoundException("gone.txt");
    });
    app.get("/arg", ctx -> {
      throw new NumberFormatException("not a number");
    });
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> io = client.get("/missing");
      assertEquals(503, io.statusCode());
      assertEquals("io: gone.txt", io.body());
      HttpResponse<String> arg = client.get("/arg");
      assertEquals(422, arg.statusCode());
      assertEquals("bad: not a number", arg.body());
    });
  }

  @Test
  void anErrorHandlerThatThrowsFallsBackToTheDefault() throws Exception {
    App app = new App();
    app.error(HttpException.class, (e, ctx) -> {
      throw new IllegalStateException("handler broke");
    });
    app.get("/", ctx -> {
      throw new HttpException(409, "Conflict here");
    });
    EddyTest.run(app, (server, client) -> {
      try (LogCapture log = new LogCapture()) {
        HttpResponse<String> r = client.get("/");
        assertEquals(409, r.statusCode());
        assertEquals("Conflict here\n", r.body());
        assertTrue(log.await("threw").contains("Error handler for dev.eddy.HttpException threw"), log.text());
      }
    });
  }

  @Test
  void unknownErrorsGiveA500WithAnIdThatIsLoggedWithTheStack() throws Exception {
    App app = new App();
    app.get("/boom", ctx -> {
      throw new IllegalStateException("secret internals");
    });
    EddyTest.run(app, (server, client) -> {
      try (LogCapture log = new LogCapture()) {
        HttpResponse<String> r = client.get("/boom");
        assertEquals(500, r.statusCode());
        assertFalse(r.body().contains("secret internals"));
        assertFalse(r.body().contains("at dev.eddy"), "no stack trace");
        Matcher m = Pattern.compile("error id ([0-9a-f]{16})").matcher(r.body());
        assertTrue(m.find(), r.body());
        String logged = log.await(m.group(1));
        assertTrue(logged.contains("Error " + m.group(1) + " in GET /boom"), logged);
        assertTrue(logged.contains("java.lang.IllegalStateException: secret internals"), logged);
        assertTrue(logged.contains("at dev.eddy.ErrorHandlingTest"), "the stack is logged");
      }
    });
  }

  @Test
  void middlewareCanMapErrorsAroundNext() throws Exception {
    App app = new App();
    app.use((ctx, next) -> {
      try {
        next.run();
      } catch (UnsupportedOperationException e) {
        ctx.status(501).text("mapped by middleware");
      }
    });
    app.get("/", ctx -> {
      throw new UnsupportedOperationException("nope");
    });
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.get("/");
      assertEquals(501, r.statusCode());
      assertEquals("mapped by middleware", r.body());
    });
  }
}
