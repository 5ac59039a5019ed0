package dev.eddy.internal.compress;

import dev.eddy.Key;

/**
 * ResponseEncoding is what the Compression middleware will do with this exchange's response. It is
 * set as an attribute before the handler runs, so a handler that chooses how to send its body
 * (static files: zero-copy or streamed) can stream what will be compressed anyway.
 */
public interface ResponseEncoding {
  Key<ResponseEncoding> KEY = Key.of("eddy.responseEncoding");

  /** Whether a 200 response of this content type and length (-1 if unknown) will be encoded. */
  boolean encodes(String contentType, long length);
}
