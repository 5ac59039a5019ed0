package dev.eddy.bench.jmh;

import dev.eddy.internal.routing.PathPattern;
import dev.eddy.internal.routing.RouteTrie;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Eddy's route lookup ({@link RouteTrie#find}, what every request pays) in a frozen table of
 * 1,000 routes: 40 REST resources with 25 routes each, a third static, the rest with one to three
 * {@code :param} segments, plus one wildcard per resource. Each path below is looked up with GET.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteLookupBenchmark {
  static final String[] RESOURCES = {
    "users", "orders", "products", "invoices", "customers", "carts", "payments", "shipments",
    "reviews", "categories", "coupons", "suppliers", "warehouses", "returns", "subscriptions", "plans",
    "teams", "projects", "tasks", "labels", "milestones", "releases", "builds", "deployments",
    "environments", "secrets", "webhooks", "events", "notifications", "messages", "threads", "files",
    "folders", "reports", "dashboards", "alerts", "incidents", "audits", "sessions", "tokens",
  };

  /** The 25 routes of one resource; {@code R} is the resource name. */
  static final String[][] SHAPES = {
    {"GET", "/api/v1/R"}, {"POST", "/api/v1/R"},
    {"GET", "/api/v1/R/search"}, {"GET", "/api/v1/R/stats"}, {"GET", "/api/v1/R/export"},
    {"GET", "/api/v1/R/:id"}, {"PUT", "/api/v1/R/:id"}, {"PATCH", "/api/v1/R/:id"}, {"DELETE", "/api/v1/R/:id"},
    {"GET", "/api/v1/R/:id/history"},
    {"GET", "/api/v1/R/:id/comments"}, {"POST", "/api/v1/R/:id/comments"},
    {"GET", "/api/v1/R/:id/comments/:commentId"}, {"DELETE", "/api/v1/R/:id/comments/:commentId"},
    {"GET", "/api/v1/R/:id/attachments"}, {"GET", "/api/v1/R/:id/attachments/:attachmentId"},
    {"GET", "/api/v1/R/:id/attachments/:attachmentId/download"},
    {"GET", "/api/v2/R"}, {"GET", "/api/v2/R/:id"}, {"GET", "/api/v2/R/:id/summary"},
    {"GET", "/admin/R"}, {"GET", "/admin/R/:id/edit"}, {"POST", "/admin/R/:id/edit"},
    {"GET", "/docs/R"}, {"GET", "/docs/R/*"},
  };

  @Param({
    "/api/v1/orders/search",                        // static, one hash lookup
    "/api/v1/warehouses",                           // static, short
    "/api/v1/orders/12345",                         // one parameter
    "/api/v1/orders/12345/comments/987",            // two parameters
    "/api/v1/tokens/12345/attachments/77/download", // two parameters, five segments
    "/docs/orders/guide/intro",                     // wildcard
    "/api/v1/orders/12345/nope",                    // miss (404), after backtracking
  })
  public String path;

  private RouteTrie<String> trie;

  static RouteTrie<String> table() {
    RouteTrie<String> trie = new RouteTrie<>();
    int n = 0;
    for (String r : RESOURCES) {
      for (String[] shape : SHAPES) {
        String p = shape[1].replace("R", r);
        trie.add(shape[0], PathPattern.parse(p), shape[0] + " " + p);
        n++;
      }
    }
    if (n != 1000) {
      throw new AssertionError("expected 1000 routes, got " + n);
    }
    trie.freeze();
    return trie;
  }

  @Setup
  public void setup() {
    trie = table();
    RouteTrie.Match<String> m = trie.find("GET", path);
    boolean shouldMiss = path.endsWith("/nope");
    if ((m == null) != shouldMiss) {
      throw new AssertionError("unexpected lookup result for " + path + ": " + m);
    }
  }

  @Benchmark
  public RouteTrie.Match<String> find() {
    return trie.find("GET", path);
  }

  /** Prints what each benchmark path matches, as a sanity check: {@code java -cp bench-jmh.jar ...RouteLookupBenchmark}. */
  public static void main(String[] args) {
    RouteTrie<String> trie = table();
    List<String> paths = new ArrayList<>();
    try {
      paths.addAll(Arrays.asList(RouteLookupBenchmark.class.getField("path").getAnnotation(Param.class).value()));
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
    for (String p : paths) {
      RouteTrie.Match<String> m = trie.find("GET", p);
      System.out.println(p + " -> " + (m == null ? "404" : m.value() + " " + m.params()));
    }
  }
}
