package dev.eddy.redis.internal;

/**
 * TaskKeys names the Redis keys of one task store, all under its prefix ({@code eddy:task:} by
 * default): per task a hash and a log, per instance a lease, a set of unfinished tasks and a cancel
 * stream, and the store-wide index, end-time set, owner set and change stream. See
 * {@code docs/ARCHITECTURE.md} (Redis) for the layout.
 */
public record TaskKeys(String prefix) {
  /** The task's snapshot and log bookkeeping (hash). */
  public String hash(String taskId) {
    return prefix + "t:" + taskId;
  }

  /** The task's event log (stream, entry {@code n-0} = event n). */
  public String log(String taskId) {
    return prefix + "l:" + taskId;
  }

  /** An instance's unfinished tasks (set). */
  public String owner(String instance) {
    return prefix + "o:" + instance;
  }

  /** Cancel requests for the tasks an instance runs (stream). */
  public String cancel(String instance) {
    return prefix + "c:" + instance;
  }

  /** An instance's lease (string with an expiry). */
  public String lease(String instance) {
    return prefix + "lease:" + instance;
  }

  /** Every task by creation order (zset), for listing. */
  public String index() {
    return prefix + "index";
  }

  /** The creation counter behind the index's scores. */
  public String creations() {
    return prefix + "seq";
  }

  /** Finished tasks by end time (zset), for retention. */
  public String finished() {
    return prefix + "finished";
  }

  /** Instances that have unfinished tasks (set). */
  public String owners() {
    return prefix + "owners";
  }

  /** Every change to every task, for listeners (stream, bounded by MAXLEN ~). */
  public String changes() {
    return prefix + "changes";
  }

  /** The number of the latest change (string), written or not. */
  public String changeCount() {
    return prefix + "changes:n";
  }

  /** Present (with an expiry) while some instance listens: changes are written only then. */
  public String listening() {
    return prefix + "changes:listening";
  }
}
