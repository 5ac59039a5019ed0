package dev.eddy.test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * TestClient sends requests to the app under test with the JDK's HTTP client. Every request has a
 * 10 second timeout, so a hung server fails the test instead of hanging it.
 */
public final class TestClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final HttpClient http;
  private final TestServer server;

  TestClient(HttpClient http, TestServer server) {
    this.http = http;
    this.server = server;
  }

  /** The underlying client, for anything the helpers don't cover. */
  public HttpClient http() {
    return http;
  }

  /** A request builder for a path on the server, with the timeout set. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(server.uri(path)).timeout(TIMEOUT);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  public HttpResponse<String> post(String path, String body, String contentType) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
    return post(path, json, "application/json");
  }

  public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
