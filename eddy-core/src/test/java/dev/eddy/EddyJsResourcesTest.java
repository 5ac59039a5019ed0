package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** eddy.js and its types ship in the core, loadable next to App (the tests are in src/test/js). */
class EddyJsResourcesTest {

  private static String resource(String path) throws IOException {
    try (InputStream in = App.class.getResourceAsStream(path)) {
      assertNotNull(in, path + " is not on the class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void eddyJsAndItsTypesAreResourcesOfTheCore() throws IOException {
    assertTrue(resource("/dev/eddy/js/eddy.js").contains("export class EddySocket"));
    assertTrue(resource("/dev/eddy/js/eddy.d.ts").contains("export class EddySocket"));
  }
}
