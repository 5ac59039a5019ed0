package dev.eddy.security;

import dev.eddy.Context;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * FormField reads one field of a form body, urlencoded or multipart, with Netty's decoders. The
 * body is already in memory (bounded by the server's body limit). Malformed bodies give null.
 */
final class FormField {
  private FormField() {}

  static String read(Context ctx, String field) {
    String type = ctx.header("Content-Type");
    if (type == null) {
      return null;
    }
    String mime = type.toLowerCase(Locale.ROOT);
    if (mime.startsWith("application/x-www-form-urlencoded")) {
      return urlencoded(ctx.bodyAsString(), field);
    }
    if (mime.startsWith("multipart/form-data")) {
      return multipart(ctx.body(), type, field);
    }
    return null;
  }

  private static String urlencoded(String body, String field) {
    try {
      List<String> values = new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters().get(field);
      return values == null || values.isEmpty() ? null : values.get(0);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }

  private static String multipart(byte[] body, String contentType, String field) {
    DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
        Unpooled.wrappedBuffer(body));
    request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    HttpPostRequestDecoder decoder = null;
    try {
      decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request, StandardCharsets.UTF_8);
      InterfaceHttpData data = decoder.getBodyHttpData(field);
      return data instanceof Attribute a ? a.getValue() : null;
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException | HttpPostRequestDecoder.NotEnoughDataDecoderException
             | IOException | IllegalArgumentException malformed) {
      return null;
    } finally {
      if (decoder != null) {
        decoder.destroy();
      }
      request.release();
    }
  }
}
