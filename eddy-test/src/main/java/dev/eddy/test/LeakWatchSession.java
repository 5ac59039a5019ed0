package dev.eddy.test;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** LeakWatchSession installs {@link LeakWatch} when a JUnit run starts, before any test runs. */
public final class LeakWatchSession implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    LeakWatch.install();
  }
}
