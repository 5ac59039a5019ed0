package dev.eddy.internal.app;

import dev.eddy.Connection;
import dev.eddy.Context;
import dev.eddy.Key;
import dev.eddy.internal.routing.PathParams;
import dev.eddy.sse.SseClient;
import dev.eddy.sse.SseOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLSession;

/**
 * MountedExchange is the exchange as a mounted target sees it: the path relative to the mount
 * point, the target's own route and parameters. Everything else (request, response, attributes)
 * is the enclosing exchange's, so the enclosing app's middleware see what the target did.
 */
final class MountedExchange implements Exchange {
  private final Exchange outer;
  private final MountPoint mount;
  private final Route route;
  private final PathParams params;
  private final String path;

  MountedExchange(Exchange outer, MountPoint mount, AppHandler.Lookup inner, String relativePath) {
    this.outer = outer;
    this.mount = mount;
    this.route = inner.route();
    this.params = inner.params();
    this.path = relativePath;
  }

  /** The path prefix of this mount as seen from the server: the prefixes of enclosing mounts too. */
  String basePath() {
    return (outer instanceof MountedExchange m ? m.basePath() : "") + mount.prefix();
  }

  /** The mount prefix of {@code ctx} as seen from the server; empty outside a mount. */
  static String basePath(Context ctx) {
    return ctx instanceof MountedExchange m ? m.basePath() : "";
  }

  // ---- what differs from the enclosing exchange ----

  @Override
  public Route route() {
    return route;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String routePattern() {
    return route.pattern();
  }

  @Override
  public String param(String name) {
    List<String> names = route.paramNames();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals(name)) {
        return params.get(i);
      }
    }
    throw new IllegalArgumentException("Route " + route.describe() + " has no path parameter '" + name + "'");
  }

  @Override
  public Map<String, String> params() {
    List<String> names = route.paramNames();
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), params.get(i));
    }
    return out;
  }

  /** A failed stage goes to the target's error handlers first, then to the enclosing app's. */
  @Override
  public Context async(CompletionStage<?> stage) {
    outer.async(stage.handle((value, error) -> {
      if (error == null) {
        return value;
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      throw new MountedFailure(cause, mount.target(), this);
    }));
    return this;
  }

  // ---- the rest is the enclosing exchange's ----

  @Override
  public String method() {
    return outer.method();
  }

  @Override
  public String query(String name) {
    return outer.query(name);
  }

  @Override
  public List<String> queries(String name) {
    return outer.queries(name);
  }

  @Override
  public Map<String, List<String>> queryParams() {
    return outer.queryParams();
  }

  @Override
  public String header(String name) {
    return outer.header(name);
  }

  @Override
  public List<String> headers(String name) {
    return outer.headers(name);
  }

  @Override
  public Set<String> headerNames() {
    return outer.headerNames();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return outer.remoteAddress();
  }

  @Override
  public byte[] body() {
    return outer.body();
  }

  @Override
  public InputStream bodyStream() {
    return outer.bodyStream();
  }

  @Override
  public String bodyAsString() {
    return outer.bodyAsString();
  }

  @Override
  public <T> T bodyAs(Class<T> type) {
    return outer.bodyAs(type);
  }

  @Override
  public Context status(int status) {
    outer.status(status);
    return this;
  }

  @Override
  public int status() {
    return outer.status();
  }

  @Override
  public Context header(String name, String value) {
    outer.header(name, value);
    return this;
  }

  @Override
  public Context addHeader(String name, String value) {
    outer.addHeader(name, value);
    return this;
  }

  @Override
  public String responseHeader(String name) {
    return outer.responseHeader(name);
  }

  @Override
  public Context text(String body) {
    outer.text(body);
    return this;
  }

  @Override
  public Context html(String body) {
    outer.html(body);
    return this;
  }

  @Override
  public Context json(Object value) {
    outer.json(value);
    return this;
  }

  @Override
  public Context bytes(byte[] body, String contentType) {
    outer.bytes(body, contentType);
    return this;
  }

  @Override
  public Context redirect(String location) {
    outer.redirect(location);
    return this;
  }

  @Override
  public Context redirect(String location, int status) {
    outer.redirect(location, status);
    return this;
  }

  @Override
  public OutputStream stream(String contentType) {
    return outer.stream(contentType);
  }

  @Override
  public void upgrade(String protocol, Connection.Handler handler) {
    outer.upgrade(protocol, handler);
  }

  @Override
  public void takeover(Connection.Handler handler) {
    outer.takeover(handler);
  }

  @Override
  public boolean responded() {
    return outer.responded();
  }

  @Override
  public <T> T attr(Key<T> key) {
    return outer.attr(key);
  }

  @Override
  public <T> Context attr(Key<T> key, T value) {
    outer.attr(key, value);
    return this;
  }

  @Override
  public boolean committed() {
    return outer.committed();
  }

  @Override
  public boolean asyncPending() {
    return outer.asyncPending();
  }

  @Override
  public void resetResponse() {
    outer.resetResponse();
  }

  @Override
  public void switchProtocols(ProtocolSwitch protocolSwitch) {
    outer.switchProtocols(protocolSwitch);
  }

  @Override
  public SseClient openEventStream(SseOptions options) {
    return outer.openEventStream(options);
  }

  @Override
  public void abort() {
    outer.abort();
  }

  @Override
  public String rawQuery() {
    return outer.rawQuery();
  }

  @Override
  public SSLSession tlsSession() {
    return outer.tlsSession();
  }

  @Override
  public dev.eddy.JsonCodec json() {
    return outer.json();
  }

  @Override
  public void removeHeader(String name) {
    outer.removeHeader(name);
  }

  @Override
  public String target() {
    return outer.target();
  }

  @Override
  public String protocol() {
    return outer.protocol();
  }

  @Override
  public long maxBodyBytes() {
    return outer.maxBodyBytes();
  }

  @Override
  public void decodedBody(byte[] decoded) {
    outer.decodedBody(decoded);
  }

  @Override
  public byte[] responseBody() {
    return outer.responseBody();
  }

  @Override
  public long responseLength() {
    return outer.responseLength();
  }

  @Override
  public void sendFile(java.nio.channels.FileChannel file, long position, long count, String contentType) {
    outer.sendFile(file, position, count, contentType);
  }

  @Override
  public void streamEncoder(StreamEncoder encoder) {
    outer.streamEncoder(encoder);
  }

  @Override
  public void onDone(Runnable callback) {
    outer.onDone(callback);
  }

  @Override
  public CompletionStage<?> pendingStage() {
    return outer.pendingStage();
  }
}
