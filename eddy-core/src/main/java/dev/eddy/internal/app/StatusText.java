package dev.eddy.internal.app;

import io.netty.handler.codec.http.HttpResponseStatus;

/** StatusText gives the standard reason phrase for a status code. */
public final class StatusText {
  private StatusText() {}

  public static String of(int status) {
    return HttpResponseStatus.valueOf(status).reasonPhrase();
  }
}
