package dev.eddy.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.eddy.HttpException;
import dev.eddy.internal.body.FormDecoder;
import dev.eddy.internal.body.MediaType;
import dev.eddy.internal.body.MultipartReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * BodyFuzzTest feeds arbitrary bytes to the form and multipart parsers. A normal test run replays
 * the saved inputs under {@code src/test/resources/dev/eddy/body/BodyFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes each target for its {@code maxDuration} (see docs/ARCHITECTURE.md).
 * Whatever the input, a parser returns a result within its limits or refuses with a 400, 413 or
 * 415, and leaves no file behind when it refuses.
 */
class BodyFuzzTest {
  private static final Set<Integer> REFUSALS = Set.of(400, 413, 415);
  private static final FormLimits FORM_LIMITS = FormLimits.defaults().maxFields(20).maxFieldBytes(200);
  private static final String BOUNDARY = "XyZ";

  private static Path uploads() throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "eddy-body-fuzz");
    Files.createDirectories(dir);
    return dir;
  }

  @FuzzTest(maxDuration = "1m")
  void formsDecodeOrRefuseCleanly(byte[] body) {
    try {
      Map<String, List<String>> fields = FormDecoder.decode(body, StandardCharsets.UTF_8, FORM_LIMITS);
      int count = fields.values().stream().mapToInt(List::size).sum();
      assertTrue(count <= FORM_LIMITS.maxFields(), "fields " + count);
      fields.forEach((name, values) -> assertTrue(!values.isEmpty()));
    } catch (HttpException e) {
      assertTrue(REFUSALS.contains(e.status()), e.status() + " " + e.getMessage());
    }
  }

  @FuzzTest(maxDuration = "1m")
  void multipartParsesOrRefusesCleanly(FuzzedDataProvider data) throws IOException {
    Path dir = uploads();
    MultipartLimits limits = MultipartLimits.defaults().tempDir(dir).maxFileBytes(2000).maxTotalBytes(8000)
        .maxParts(8).maxFiles(3).maxFieldBytes(300).maxPartHeaderBytes(256);
    String contentType = data.consumeBoolean() ? "multipart/form-data; boundary=" + BOUNDARY : data.consumeString(80);
    byte[] body = data.consumeRemainingAsBytes();
    List<Path> created = new ArrayList<>();
    MultipartReader reader = new MultipartReader(limits, d -> {
      Path p = Files.createTempFile(d, "eddy-upload-", ".tmp");
      created.add(p);
      return p;
    });
    try {
      MultipartReader.Result result = reader.read(new ByteArrayInputStream(body), contentType, body.length);
      assertTrue(result.files().size() <= limits.maxFiles());
      for (MultipartReader.FilePart f : result.files()) {
        assertEquals(Files.size(f.path()), f.size());
        assertTrue(f.size() <= limits.maxFileBytes());
      }
    } catch (HttpException e) {
      assertTrue(REFUSALS.contains(e.status()), e.status() + " " + e.getMessage());
      for (Path p : created) {
        assertTrue(!Files.exists(p), "a refused body left " + p);
      }
    } finally {
      for (Path p : created) {
        Files.deleteIfExists(p);
      }
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count());
    }
  }

  @FuzzTest(maxDuration = "30s")
  void contentTypesParseWithoutThrowing(String header) {
    if (header == null) {
      assertEquals(null, MediaType.parse(null));
      return;
    }
    MediaType type = MediaType.parse(header);
    assertTrue(type.mime().equals(type.mime().toLowerCase(java.util.Locale.ROOT)));
    try {
      type.charset(StandardCharsets.UTF_8);
    } catch (HttpException e) {
      assertEquals(415, e.status());
    }
  }
}
