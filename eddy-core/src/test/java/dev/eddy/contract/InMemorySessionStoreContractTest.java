package dev.eddy.contract;

import dev.eddy.session.InMemorySessionStore;
import dev.eddy.session.SessionStore;
import java.time.Clock;

/** The SessionStore contract on {@link InMemorySessionStore}: one process, so its peer is itself. */
class InMemorySessionStoreContractTest extends SessionStoreContract {
  private final InMemorySessionStore store = new InMemorySessionStore(1000, Clock.systemUTC());

  @Override
  protected SessionStore store() {
    return store;
  }

  @Override
  protected SessionStore peer() {
    return store;
  }
}
