package dev.eddy.hub;

import dev.eddy.contract.HubContract;

/** The Hub contract on {@link InMemoryHub}: its peer is itself, one process being one instance. */
class InMemoryHubContractTest extends HubContract {
  @Override
  protected Hub newHub(String history, int count) {
    InMemoryHub.Builder b = InMemoryHub.builder();
    if (history != null) {
      b.history(history, count);
    }
    return b.build();
  }

  @Override
  protected Hub peerOf(Hub hub) {
    return hub;
  }
}
