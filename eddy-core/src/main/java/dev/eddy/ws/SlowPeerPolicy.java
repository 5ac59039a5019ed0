package dev.eddy.ws;

/**
 * SlowPeerPolicy says what happens to a send when the peer reads so slowly that the message does
 * not fit in the connection's outbound queue ({@link WebSocketOptions#maxQueuedBytes()}). In every
 * case that message is not queued and its stage fails with {@link SlowPeerException}, so memory
 * stays bounded.
 */
public enum SlowPeerPolicy {
  /**
   * Close the connection with 1008 (policy violation): a Close frame is queued behind the data
   * already waiting, and the connection is cut after {@link WebSocketOptions#closeTimeout()} if the
   * peer does not answer it. Sends after it fail.
   */
  CLOSE_POLICY_VIOLATION(1008),
  /** As {@link #CLOSE_POLICY_VIOLATION}, with 1013 (try again later). */
  CLOSE_TRY_AGAIN_LATER(1013),
  /** Drop the message and keep the connection: for streams where the latest value is what counts. */
  DROP(0);

  private final int closeCode;

  SlowPeerPolicy(int closeCode) {
    this.closeCode = closeCode;
  }

  /** The close code this policy sends, or 0 for {@link #DROP}. */
  public int closeCode() {
    return closeCode;
  }
}
