package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterceptorTest {

  private static App app() {
    App app = new App();
    app.get("/who", ctx -> ctx.text("trace=" + ctx.header("X-Trace") + " via=" + ctx.header("X-Via")));
    return app;
  }

  @Test
  void interceptorsRunInOrderAndCanChangeTheRequest() throws Exception {
    List<String> order = new ArrayList<>();
    Interceptor outer = chain -> {
      order.add("outer in");
      Response r = chain.proceed(chain.request().withHeader("X-Trace", "t1"));
      order.add("outer out " + r.status());
      return r;
    };
    Interceptor inner = chain -> {
      order.add("inner in, trace " + chain.request().header("X-Trace"));
      return chain.proceed(chain.request().addHeader("X-Via", "inner"));
    };
    EddyTest.run(app(), (server, client) -> {
      try (Http http = Http.builder().interceptor(outer).interceptor(inner).build()) {
        assertEquals("trace=t1 via=inner", http.get(server.uri("/who").toString()).text());
        assertEquals(List.of("outer in", "inner in, trace t1", "outer out 200"), order);
      }
    });
  }

  @Test
  void anInterceptorThatNeverCallsProceedIsNamed() throws Exception {
    Interceptor forgetful = new Interceptor() {
      @Override
      public Response intercept(Chain chain) {
        return null;
      }

      @Override
      public String name() {
        return "Forgetful";
      }
    };
    EddyTest.run(app(), (server, client) -> {
      try (Http http = Http.builder().interceptor(forgetful).build()) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> http.get(server.uri("/who").toString()).send());
        assertEquals("Interceptor 'Forgetful' returned without calling chain.proceed(); it must call it exactly once "
            + "for the response it returns", e.getMessage());
      }
    });
  }

  @Test
  void callingProceedAgainWhileTheFirstResponseIsOpenIsNamed() throws Exception {
    class Greedy implements Interceptor {
      @Override
      public Response intercept(Chain chain) throws java.io.IOException, InterruptedException {
        chain.proceed(chain.request());
        return chain.proceed(chain.request());
      }
    }
    EddyTest.run(app(), (server, client) -> {
      try (Http http = Http.builder().interceptor(new Greedy()).build()) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> http.get(server.uri("/who").toString()).send());
        assertTrue(e.getMessage().startsWith("Interceptor 'Greedy' called chain.proceed() again while the response of "
            + "its previous call was still open"), e.getMessage());
      }
    });
  }

  @Test
  void proceedingAgainAfterClosingTheFirstResponseIsAllowed() throws Exception {
    Interceptor twice = chain -> {
      chain.proceed(chain.request()).close();
      return chain.proceed(chain.request().withHeader("X-Trace", "second"));
    };
    EddyTest.run(app(), (server, client) -> {
      try (Http http = Http.builder().interceptor(twice).build()) {
        assertEquals("trace=second via=null", http.get(server.uri("/who").toString()).text());
        assertEquals(0, http.inFlight());
      }
    });
  }
}
