package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every state a task can pass through, in both body styles, and what each leaves behind. */
class TaskLifecycleTest {
  record Sum(int a, int b) {}

  /** A result whose only property can't be read. */
  public static final class Unencodable {
    public String getValue() {
      throw new IllegalStateException("no value");
    }
  }

  private final Tasks tasks = Tasks.create();

  @AfterEach
  void close() {
    tasks.close();
  }

  @Test
  void aBlockingTaskGoesQueuedRunningSucceededAndKeepsItsResult() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    tasks.register(TaskKind.blocking("sum", Sum.class, (task, args) -> {
      task.progress(1, 2, "halfway");
      release.await();
      task.progress(2, 2);
      return Map.of("sum", args.a() + args.b());
    }));
    Task task = tasks.start("sum", new Sum(2, 3));
    Wait.until("running with progress", () -> task.info().value() == 1);
    TaskInfo running = task.info();
    assertEquals(TaskState.RUNNING, running.state());
    assertEquals("halfway", running.message());
    assertNotNull(running.startedAt());
    assertNull(running.endedAt());
    release.countDown();

    TaskInfo done = Wait.done(task);
    assertEquals(TaskState.SUCCEEDED, done.state());
    assertEquals("{\"sum\":5}", done.result());
    assertEquals(Map.of("sum", 5), task.result(Map.class));
    assertEquals(2, done.value());
    assertEquals("halfway", done.message(), "a progress report without a message keeps the last one");
    assertNotNull(done.endedAt());
    assertNull(done.error());
    assertEquals(List.of("queued", "running", "progress", "succeeded"), Wait.types(Wait.all(task.watch(0))),
        "the two progress events in a row collapsed into the latest");
  }

  @Test
  void aBodyThatThrowsFailsWithAnErrorIdAndNoInternalsInTheMessage() throws Exception {
    tasks.register(TaskKind.blocking("broken", Void.class, (task, none) -> {
      throw new IOException("database password is hunter2");
    }));
    TaskInfo done = Wait.done(tasks.start("broken", null));
    assertEquals(TaskState.FAILED, done.state());
    assertEquals(TaskError.ERROR, done.error().code());
    assertTrue(done.error().message().matches("the task failed \\(error id [0-9a-f]{16}\\)"), done.error().message());
    assertFalse(done.timedOut());
    assertNull(done.result());
  }

  @Test
  void aTaskExceptionFailsWithItsOwnCodeAndMessage() throws Exception {
    tasks.register(TaskKind.blocking("quota", Void.class, (task, none) -> {
      throw new TaskException("quota", "Monthly export quota reached");
    }));
    Task task = tasks.start("quota", null);
    TaskInfo done = Wait.done(task);
    assertEquals(new TaskError("quota", "Monthly export quota reached"), done.error());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> task.result(String.class));
    assertTrue(e.getMessage().contains("failed (quota: Monthly export quota reached)"), e.getMessage());
  }

  @Test
  void aRunningTaskCancelledEndsCancelledWithTheReason() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    tasks.register(TaskKind.blocking("forever", Void.class, (task, none) -> {
      started.countDown();
      Thread.sleep(60_000);
      return "never";
    }));
    Task task = tasks.start("forever", null);
    assertTrue(started.await(10, TimeUnit.SECONDS));
    assertTrue(task.cancel());
    TaskInfo done = Wait.done(task);
    assertEquals(TaskState.CANCELLED, done.state());
    assertEquals(new TaskError(TaskError.CANCELLED, "cancelled: cancelled by request"), done.error());
    assertFalse(task.cancel(), "already finished");
    assertEquals(List.of("queued", "running", "cancelled"), Wait.types(Wait.all(task.watch(0))));
  }

  @Test
  void aBodyThatReturnsAfterBeingCancelledStillEndsCancelled() throws Exception {
    tasks.register(TaskKind.blocking("stubborn", Void.class, (task, none) -> {
      while (!task.cancelled()) {
        Thread.onSpinWait();
      }
      return "finished anyway";
    }));
    Task task = tasks.start("stubborn", null);
    Wait.until("running", () -> task.state() == TaskState.RUNNING);
    task.cancel();
    assertEquals(TaskState.CANCELLED, Wait.done(task).state());
  }

  @Test
  void aResultThatCannotBeEncodedFailsTheTask() throws Exception {
    tasks.register(TaskKind.blocking("odd", Void.class, (task, none) -> new Unencodable()));
    TaskInfo done = Wait.done(tasks.start("odd", null));
    assertEquals(TaskState.FAILED, done.state());
    assertTrue(done.error().message().startsWith("the task returned a result that can't be encoded as JSON"), done.error().message());
  }

  @Test
  void anAsyncTaskEndsWhenItsStageCompletes() throws Exception {
    CompletableFuture<String> stage = new CompletableFuture<>();
    tasks.register(TaskKind.async("fetch", Void.class, (task, none) -> {
      task.progress(0, 1);
      return stage;
    }));
    Task task = tasks.start("fetch", null);
    Wait.until("running", () -> task.state() == TaskState.RUNNING);
    stage.complete("page");
    TaskInfo done = Wait.done(task);
    assertEquals(TaskState.SUCCEEDED, done.state());
    assertEquals("page", task.result(String.class));
  }

  @Test
  void anAsyncTaskWhoseStageFailsFails() throws Exception {
    tasks.register(TaskKind.async("fetch", Void.class, (task, none) ->
        CompletableFuture.supplyAsync(() -> { throw new TaskException("http", "upstream said 502"); })));
    TaskInfo done = Wait.done(tasks.start("fetch", null));
    assertEquals(new TaskError("http", "upstream said 502"), done.error(), "unwrapped from CompletionException");
  }

  @Test
  void cancellingAnAsyncTaskCancelsItsStageRunsItsHooksAndEndsItAtOnce() throws Exception {
    CompletableFuture<String> stage = new CompletableFuture<>();
    CountDownLatch hook = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    tasks.register(TaskKind.async("wait", Void.class, (task, none) -> {
      task.onCancel(hook::countDown);
      started.countDown();
      return stage;
    }));
    Task task = tasks.start("wait", null);
    assertTrue(started.await(10, TimeUnit.SECONDS));
    assertTrue(task.cancel());
    assertEquals(TaskState.CANCELLED, Wait.done(task).state());
    assertTrue(stage.isCancelled(), "the stage was cancelled");
    assertTrue(hook.await(10, TimeUnit.SECONDS), "the cancel hook ran");
  }

  @Test
  void anAsyncTaskWhoseStageIsCancelledByItsOwnCodeEndsCancelled() throws Exception {
    CompletableFuture<String> stage = new CompletableFuture<>();
    tasks.register(TaskKind.async("given-up", Void.class, (task, none) -> stage));
    Task task = tasks.start("given-up", null);
    Wait.until("running", () -> task.state() == TaskState.RUNNING);
    stage.cancel(true); // the library behind the stage gave up
    TaskInfo done = Wait.done(task);
    assertEquals(TaskState.CANCELLED, done.state());
    assertEquals("cancelled: its stage was cancelled", done.error().message());
  }

  @Test
  void anAsyncBodyThatReturnsNoStageFails() throws Exception {
    tasks.register(TaskKind.async("nothing", Void.class, (task, none) -> null));
    TaskInfo done = Wait.done(tasks.start("nothing", null));
    assertEquals(TaskState.FAILED, done.state());
    assertEquals(TaskError.ERROR, done.error().code());
  }

  @Test
  void argumentsAreCheckedBeforeAnythingIsCreated() {
    tasks.register(TaskKind.blocking("sum", Sum.class, (task, args) -> args.a() + args.b())
        .validate(args -> {
          if (args.a() < 0) {
            throw new IllegalArgumentException("a must not be negative");
          }
        }));
    tasks.register(TaskKind.blocking("none", Void.class, (task, none) -> null));
    assertEquals("a must not be negative",
        assertThrows(IllegalArgumentException.class, () -> tasks.start("sum", new Sum(-1, 0))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> tasks.start("sum", "not a Sum"));
    assertThrows(IllegalArgumentException.class, () -> tasks.start("sum", null));
    assertThrows(IllegalArgumentException.class, () -> tasks.start("none", new Sum(1, 1)));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> tasks.start("nope", null))
        .getMessage().startsWith("No task kind 'nope'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> tasks.startJson("sum", "{\"a\":\"x\"}".getBytes(), StartOptions.defaults()))
        .getMessage().contains("Sum"));
    assertThrows(IllegalArgumentException.class, () -> tasks.startJson("none", "[1]".getBytes(), StartOptions.defaults()));
    assertEquals(0, tasks.list(TaskQuery.all()).tasks().size(), "nothing was created");
  }

  @Test
  void jsonArgumentsBindToTheKindsTypeOrStayATree() throws Exception {
    tasks.register(TaskKind.blocking("sum", Sum.class, (task, args) -> args.a() + args.b()));
    tasks.register(TaskKind.blocking("echo", Object.class, (task, args) -> args));
    tasks.register(TaskKind.blocking("none", Void.class, (task, none) -> "ok"));
    assertEquals("7", Wait.done(tasks.startJson("sum", "{\"a\":3,\"b\":4}".getBytes(), StartOptions.defaults())).result());
    assertEquals("{\"x\":[1,2]}", Wait.done(tasks.startJson("echo", "{\"x\":[1,2]}".getBytes(), StartOptions.defaults())).result());
    assertEquals("\"ok\"", Wait.done(tasks.startJson("none", " {} ".getBytes(), StartOptions.defaults())).result());
    assertEquals("\"ok\"", Wait.done(tasks.startJson("none", new byte[0], StartOptions.defaults())).result());
  }

  @Test
  void kindsAreRegisteredOnceWithValidNames() {
    tasks.register(TaskKind.blocking("a", Void.class, (task, none) -> null));
    assertThrows(IllegalArgumentException.class, () -> tasks.register(TaskKind.blocking("a", Void.class, (task, none) -> null)));
    assertThrows(IllegalArgumentException.class, () -> TaskKind.blocking("a b", Void.class, (task, none) -> null));
    assertThrows(IllegalArgumentException.class, () -> TaskKind.blocking("", Void.class, (task, none) -> null));
    assertEquals(java.util.Set.of("a"), tasks.kinds());
  }

  @Test
  void badProgressAndEventsAreRefusedWhereTheyAreMade() throws Exception {
    tasks.register(TaskKind.blocking("bad", Void.class, (task, none) -> {
      assertThrows(IllegalArgumentException.class, () -> task.progress(-1, 10));
      assertThrows(IllegalArgumentException.class, () -> task.progress(11, 10));
      assertThrows(IllegalArgumentException.class, () -> task.emit("progress", 1));
      assertThrows(IllegalArgumentException.class, () -> task.emit("bad type", 1));
      assertThrows(IllegalArgumentException.class, () -> task.emit("big", "x".repeat(100_000)));
      task.progress(5, 0); // unknown total: fine
      return "checked";
    }));
    assertEquals(TaskState.SUCCEEDED, Wait.done(tasks.start("bad", null)).state());
  }
}
