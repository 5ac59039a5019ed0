package dev.eddy.body;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonBodyTest {
  public enum Plan { FREE, PRO }

  public record Address(String street, String zip) implements Validated {
    @Override
    public void validate(Violations v) {
      v.matches("zip", zip, java.util.regex.Pattern.compile("\\d{5}"), "must be 5 digits");
    }
  }

  public record Signup(String email, String name, int age, Plan plan, Optional<String> referrer, Address address,
                       List<Address> previous) implements Validated {
    @Override
    public void validate(Violations v) {
      v.email("email", email).length("name", name, 1, 20).range("age", age, 13, 150).nested("address", address)
          .nested("previous", previous);
    }
  }

  public record Booking(UUID room, LocalDate day, @Nullable String note) {}

  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @interface Nullable {}

  private static App app() {
    App app = new App();
    app.post("/signups", ctx -> ctx.json(JsonBody.read(ctx, Signup.class)));
    app.post("/bookings", ctx -> ctx.json(JsonBody.read(ctx, Booking.class)));
    app.post("/form", ctx -> {
      Form form = Form.read(ctx);
      new Violations().notBlank("title", form.get("title")).throwIfAny();
      ctx.text("ok");
    });
    return app;
  }

  private static final String VALID = """
      {"email": "ada@example.org", "name": "Ada", "age": 36, "plan": "PRO", "address": {"street": "1 Main", "zip": "12345"},
       "previous": []}""";

  @Test
  void aValidBodyBindsWithOptionalFieldsLeftOut() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> r = client.postJson("/signups", VALID);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("{\"email\":\"ada@example.org\",\"name\":\"Ada\",\"age\":36,\"plan\":\"PRO\",\"referrer\":null,"
          + "\"address\":{\"street\":\"1 Main\",\"zip\":\"12345\"},\"previous\":[]}", r.body());
      HttpResponse<String> booking = client.postJson("/bookings",
          "{\"room\": \"123e4567-e89b-12d3-a456-426614174000\", \"day\": \"2025-02-01\"}");
      assertEquals(200, booking.statusCode(), booking.body());
    });
  }

  @Test
  void validationFailuresNameEachFieldAndWhy() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> r = client.postJson("/signups", """
          {"email": "not-an-email", "name": "", "age": 7, "plan": "FREE",
           "address": {"street": "x", "zip": "12"}, "previous": [{"street": "y", "zip": "1"}]}""");
      assertEquals(400, r.statusCode());
      assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
      assertEquals("{\"error\":\"The request has invalid fields\",\"fields\":{\"email\":\"must be an email address\","
          + "\"name\":\"must be 1 to 20 characters\",\"age\":\"must be from 13 to 150\",\"address.zip\":\"must be 5 digits\","
          + "\"previous[0].zip\":\"must be 5 digits\"}}", r.body());
    });
  }

  @Test
  void missingExtraAndMistypedFieldsAreNamed() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> r = client.postJson("/signups", """
          {"email": 5, "age": "old", "plan": "GOLD", "address": {"street": "x"}, "previous": [{"street": 1, "zip": "1"}],
           "admin": true}""");
      assertEquals(400, r.statusCode());
      assertEquals("{\"error\":\"The JSON body does not fit Signup\",\"fields\":{\"email\":\"must be a string\","
          + "\"name\":\"is required\",\"age\":\"must be a whole number\",\"plan\":\"must be one of FREE, PRO\","
          + "\"address.zip\":\"is required\",\"previous[0].street\":\"must be a string\","
          + "\"admin\":\"is not a field of Signup\"}}", r.body());
      HttpResponse<String> booking = client.postJson("/bookings", "{\"room\": \"nope\", \"day\": \"31/01/2025\", \"note\": 1}");
      assertEquals("{\"error\":\"The JSON body does not fit Booking\",\"fields\":{"
          + "\"room\":\"must be a UUID (8-4-4-4-12 hex digits)\",\"day\":\"must be a date (2024-01-31)\","
          + "\"note\":\"must be a string\"}}", booking.body());
      HttpResponse<String> fraction = client.postJson("/signups", VALID.replace("36", "36.5"));
      assertEquals("{\"error\":\"The JSON body does not fit Signup\",\"fields\":{\"age\":\"must be a whole number\"}}",
          fraction.body());
    });
  }

  @Test
  void malformedJsonAndOtherShapesAreClear400s() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> broken = client.postJson("/signups", "{\"email\": ");
      assertEquals(400, broken.statusCode());
      assertEquals(true, broken.body().startsWith("Malformed JSON at line 1"), broken.body());
      HttpResponse<String> array = client.postJson("/signups", "[1, 2]");
      assertEquals("Expected a JSON object for Signup\n", array.body());
      HttpResponse<String> text = client.post("/signups", "x", "text/plain");
      assertEquals(415, text.statusCode());
    });
  }

  @Test
  void violationsWorkForFormsToo() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> r = client.post("/form", "title=+", "application/x-www-form-urlencoded");
      assertEquals(400, r.statusCode());
      assertEquals("{\"error\":\"The request has invalid fields\",\"fields\":{\"title\":\"must not be blank\"}}", r.body());
    });
  }
}
