package dev.eddy.task;

import java.util.List;

/**
 * TaskPage is one page of {@link Tasks#list}.
 *
 * @param tasks the tasks, newest first
 * @param next the cursor of the following page, or null when this is the last
 */
public record TaskPage(List<TaskInfo> tasks, String next) {
  public TaskPage {
    tasks = List.copyOf(tasks);
  }
}
