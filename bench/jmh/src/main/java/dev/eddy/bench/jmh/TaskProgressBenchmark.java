package dev.eddy.bench.jmh;

import dev.eddy.task.Task;
import dev.eddy.task.TaskContext;
import dev.eddy.task.TaskKind;
import dev.eddy.task.TaskWatch;
import dev.eddy.task.Tasks;
import dev.eddy.task.WatchOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a task body pays per report: {@code task.progress(...)} and {@code task.emit(...)} on a
 * running task with 0, 1, 16 or 100 callback watchers (an SSE stream each, minus the socket).
 * Progress is coalesced in the log and in each watcher's queue, so the log stays at one progress
 * event however long this runs. {@code bench/run tasks} runs it with 0, 1 and 100 watchers and
 * reports events per second (1e9 / ns per op); alone:
 * {@code java -jar bench/jmh/target/bench-jmh.jar TaskProgressBenchmark -p watchers=0,1,100}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TaskProgressBenchmark {
  @Param({"0", "1", "16", "100"})
  int watchers;

  private Tasks tasks;
  private TaskContext context;
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<TaskWatch> watches = new ArrayList<>();
  private long step;

  @Setup(Level.Trial)
  public void start() throws Exception {
    tasks = Tasks.create();
    CompletableFuture<TaskContext> handedOut = new CompletableFuture<>();
    tasks.register(TaskKind.blocking("bench", Void.class, (task, none) -> {
      handedOut.complete(task);
      release.await();
      return null;
    }));
    Task task = tasks.start("bench", null);
    context = handedOut.get(10, TimeUnit.SECONDS);
    for (int i = 0; i < watchers; i++) {
      watches.add(task.watch(0, WatchOptions.dropOldest(), e -> { }));
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    release.countDown();
    watches.forEach(TaskWatch::close);
    tasks.close();
  }

  @Benchmark
  public void progress() {
    context.progress(++step % 1_000_000, 1_000_000);
  }

  @Benchmark
  public void emit() {
    context.emit("tick", ++step);
  }
}
