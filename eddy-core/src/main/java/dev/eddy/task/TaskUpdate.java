package dev.eddy.task;

import java.time.Instant;
import java.util.Objects;

/**
 * TaskUpdate is one change a {@link TaskStore} records: it becomes the next event of the task's
 * log and, through {@link TaskInfo#apply}, its next snapshot, in one atomic step. Stores get
 * these from {@link Tasks}; applications don't make them.
 */
public sealed interface TaskUpdate {
  /** The type of the event this update becomes. */
  String type();

  /** The data (JSON) of the event this update becomes, given the task after it. */
  String data(TaskInfo after);

  /** The task was created, queued; the first event of every task (id 1). */
  record Queued(Instant at) implements TaskUpdate {
    public Queued {
      Objects.requireNonNull(at, "at");
    }

    @Override
    public String type() {
      return TaskEvent.QUEUED;
    }

    @Override
    public String data(TaskInfo after) {
      return after.toJson();
    }
  }

  /** The body started running. */
  record Started(Instant at) implements TaskUpdate {
    public Started {
      Objects.requireNonNull(at, "at");
    }

    @Override
    public String type() {
      return TaskEvent.RUNNING;
    }

    @Override
    public String data(TaskInfo after) {
      return after.toJson();
    }
  }

  /** The body reported progress; a null message keeps the previous one. */
  record Progress(long value, long total, String message) implements TaskUpdate {
    @Override
    public String type() {
      return TaskEvent.PROGRESS;
    }

    @Override
    public String data(TaskInfo after) {
      StringBuilder out = new StringBuilder(48).append('{');
      JsonText.field(out, "value").append(value);
      JsonText.field(out, "total").append(total);
      if (message != null) {
        JsonText.string(JsonText.field(out, "message"), message);
      }
      return out.append('}').toString();
    }
  }

  /** The body emitted a custom event; {@code json} is its payload, already encoded. */
  record Custom(String type, String json) implements TaskUpdate {
    public Custom {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(json, "json");
    }

    @Override
    public String data(TaskInfo after) {
      return json;
    }
  }

  /** The task finished; {@code result} is JSON text when it succeeded. */
  record Ended(TaskState state, Instant at, String result, TaskError error) implements TaskUpdate {
    public Ended {
      if (state == null || !state.isFinished()) {
        throw new IllegalArgumentException("an Ended update needs a final state, got " + state);
      }
      Objects.requireNonNull(at, "at");
    }

    @Override
    public String type() {
      return state.wireName();
    }

    @Override
    public String data(TaskInfo after) {
      return after.toJson();
    }
  }
}
