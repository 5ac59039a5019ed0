package dev.eddy.internal.json;

import dev.eddy.JsonCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

/** JacksonCodec is the default {@link JsonCodec}, on Jackson 3 with its defaults. */
public final class JacksonCodec implements JsonCodec {
  private final JsonMapper mapper = JsonMapper.builder().build();

  @Override
  public byte[] encode(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("Can't encode " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public <T> T decode(byte[] json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (StreamReadException e) {
      throw new IllegalArgumentException("Malformed JSON" + where(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()), e);
    } catch (DatabindException e) {
      String path = e.getPathReference();
      String field = path == null || path.isEmpty() ? "" : " at " + simplify(path);
      throw new IllegalArgumentException("JSON does not fit " + type.getSimpleName() + field + ": " + firstLine(e.getOriginalMessage()), e);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("Invalid JSON: " + firstLine(e.getOriginalMessage()), e);
    }
  }

  private static String where(TokenStreamLocation loc) {
    return loc == null || loc.getLineNr() < 0 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** Turns Jackson's {@code Type["field"]} path into {@code field}. */
  private static String simplify(String path) {
    return path.replaceAll("[\\w.$]+\\[\"", "").replace("\"]", "").replaceAll("->", ".").replaceAll("^\\.", "");
  }
}
