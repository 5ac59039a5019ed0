package dev.eddy.internal.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RouteTrieTest {

  private static RouteTrie<String> trie(String... methodAndPatterns) {
    RouteTrie<String> t = new RouteTrie<>();
    for (String mp : methodAndPatterns) {
      String[] parts = mp.split(" ");
      t.add(parts[0], PathPattern.parse(parts[1]), mp);
    }
    t.freeze();
    return t;
  }

  @Test
  void lookupIsIndependentOfTheNumberOfRoutes() {
    RouteTrie<String> t = new RouteTrie<>();
    for (int i = 0; i < 1000; i++) {
      t.add("GET", PathPattern.parse("/api/r" + i + "/:id"), "r" + i);
    }
    t.freeze();
    RouteTrie.Match<String> m = t.find("GET", "/api/r999/abc");
    assertEquals("r999", m.value());
    assertEquals("abc", m.params().get(0));
  }

  @Test
  void precedenceAndBacktracking() {
    RouteTrie<String> t = trie("GET /a/b/c", "GET /a/:x/d", "GET /a/*");
    assertEquals("GET /a/b/c", t.find("GET", "/a/b/c").value());
    assertEquals("GET /a/:x/d", t.find("GET", "/a/b/d").value());
    assertEquals("GET /a/*", t.find("GET", "/a/b/e").value());
    assertEquals("b/e", t.find("GET", "/a/b/e").params().get(0));
  }

  @Test
  void aNodeWithoutTheMethodFallsBackToABranchWithIt() {
    RouteTrie<String> t = trie("GET /users/new", "POST /users/:id");
    assertEquals("POST /users/:id", t.find("POST", "/users/new").value());
    assertNull(t.find("DELETE", "/users/new"));
    assertEquals("GET, HEAD, OPTIONS", t.allowed("/users/new"));
  }

  @Test
  void headFallsBackToGet() {
    RouteTrie<String> t = trie("GET /x");
    RouteTrie.Match<String> m = t.find("HEAD", "/x");
    assertEquals("GET /x", m.value());
    assertTrue(m.head());
  }

  @Test
  void emptySegmentsNeverBindAParam() {
    RouteTrie<String> t = trie("GET /users/:id");
    assertNull(t.find("GET", "/users/"));
    assertNull(t.allowed("/users/"));
  }

  @Test
  void rawAndDecodedWalksAgree() {
    RouteTrie<String> t = trie("GET /a/:x/b/*", "GET /a/c/:y", "GET /", "GET /d/");
    assertEquals("[q, r/s]", t.find("GET", "/a/q/b/r/s").params().toString());
    assertEquals("[q, r/s]", t.find("GET", "/a/%71/b/r/s").params().toString());
    assertEquals("GET /a/c/:y", t.find("GET", "/a/c/z").value());
    assertEquals("GET /a/c/:y", t.find("GET", "/a/%63/z").value());
    assertEquals("GET /", t.find("GET", "/").value());
    assertEquals("GET /d/", t.find("GET", "/d/").value());
    assertNull(t.find("GET", "/d"));
    assertEquals("", t.find("GET", "/a/q/b/").params().get(1), "the wildcard may match an empty rest");
  }

  @Test
  void segmentsAreSplitBeforeDecoding() {
    assertArrayEquals(new String[] {"a/b", "c d", ""}, PathDecoder.segments("/a%2Fb/c%20d/"));
    assertArrayEquals(new String[] {""}, PathDecoder.segments("/"));
    assertThrows(IllegalArgumentException.class, () -> PathDecoder.segments("/%4"));
    assertThrows(IllegalArgumentException.class, () -> PathDecoder.segments("/%ff"));
  }

  @Test
  void duplicateShapesAreRejected() {
    RouteTrie<String> t = new RouteTrie<>();
    t.add("GET", PathPattern.parse("/u/:id"), "a");
    var e = assertThrows(IllegalArgumentException.class, () -> t.add("GET", PathPattern.parse("/u/:name"), "b"));
    assertTrue(e.getMessage().contains("Duplicate route GET /u/:name"), e.getMessage());
  }
}
