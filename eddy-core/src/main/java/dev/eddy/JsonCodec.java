package dev.eddy;

/**
 * JsonCodec reads and writes JSON for {@link Context#json} and {@link Context#bodyAs}. The default
 * is Jackson 3; plug another library in with {@link App#json(JsonCodec)}.
 */
public interface JsonCodec {
  /** Encodes a value as UTF-8 JSON. Throws {@link IllegalArgumentException} if it can't. */
  byte[] encode(Object value);

  /**
   * Decodes UTF-8 JSON into {@code type}. Throws {@link IllegalArgumentException} with a message fit
   * for the client (what is wrong and where) when the JSON is malformed or does not fit the type.
   */
  <T> T decode(byte[] json, Class<T> type);
}
