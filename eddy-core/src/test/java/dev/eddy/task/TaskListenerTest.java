package dev.eddy.task;

import dev.eddy.contract.TaskListenerContract;

/**
 * The listener contract on {@link InMemoryTaskStore}: its peer is itself, one process being one
 * instance. Store-wide listeners hear every change of every task, every task forgotten, and the close.
 */
class TaskListenerTest extends TaskListenerContract {
  @Override
  protected TaskStore newStore(int retainAtMost) {
    return InMemoryTaskStore.builder().retainAtMost(retainAtMost).build();
  }

  @Override
  protected TaskStore peerOf(TaskStore store) {
    return store;
  }
}
