package dev.eddy.body;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** MultipartBody builds {@code multipart/form-data} bodies for tests, byte for byte. */
final class MultipartBody {
  static final String BOUNDARY = "----eddy-test-boundary-7MA4YWxkTrZu0gW";
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static String contentType() {
    return "multipart/form-data; boundary=" + BOUNDARY;
  }

  MultipartBody field(String name, String value) {
    return raw("Content-Disposition: form-data; name=\"" + name + "\"\r\n", value.getBytes(StandardCharsets.UTF_8));
  }

  MultipartBody file(String name, String filename, String type, byte[] content) {
    return raw("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
        + "Content-Type: " + type + "\r\n", content);
  }

  /** A part with the given header lines (each ending in CRLF) and content. */
  MultipartBody raw(String headers, byte[] content) {
    write("--" + BOUNDARY + "\r\n" + headers + "\r\n");
    out.writeBytes(content);
    write("\r\n");
    return this;
  }

  byte[] bytes() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(out.toByteArray());
    all.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return all.toByteArray();
  }

  /** The body so far, without the closing boundary: a body cut short. */
  byte[] unfinished() {
    return out.toByteArray();
  }

  private void write(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
