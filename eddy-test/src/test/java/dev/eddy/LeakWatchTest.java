package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.LeakWatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class LeakWatchTest {

  @Test
  void aLeakedBufferFailsTheCheck() {
    LeakWatch.install();
    leak();
    AssertionError e = assertThrows(AssertionError.class, LeakWatch::assertNoLeaks);
    assertTrue(e.getMessage().contains("leaked"), e.getMessage());
    LeakWatch.assertNoLeaks(); // the report was consumed
  }

  private static void leak() {
    ByteBuf lost = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    lost.writeLong(42);
    // dropped without release()
  }
}
