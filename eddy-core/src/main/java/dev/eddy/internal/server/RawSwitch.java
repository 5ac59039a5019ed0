package dev.eddy.internal.server;

import dev.eddy.Connection;
import dev.eddy.internal.app.ProtocolSwitch;
import io.netty.channel.Channel;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RawSwitch hands a connection to a {@link Connection.Handler} as blocking byte streams, on a
 * virtual thread of its own. Behind {@code ctx.upgrade} and {@code ctx.takeover}.
 */
final class RawSwitch implements ProtocolSwitch {
  private static final Logger log = LoggerFactory.getLogger(RawSwitch.class);
  private static final ThreadFactory VIRTUAL = Thread.ofVirtual().name("eddy-connection").factory();

  private final boolean switchingProtocols;
  private final Connection.Handler handler;

  RawSwitch(boolean switchingProtocols, Connection.Handler handler) {
    this.switchingProtocols = switchingProtocols;
    this.handler = handler;
  }

  @Override
  public boolean sendsSwitchingProtocols() {
    return switchingProtocols;
  }

  @Override
  public void install(Channel channel) {
    RawConnection connection = new RawConnection(channel);
    channel.pipeline().addLast("raw", connection.inbound());
    VIRTUAL.newThread(() -> {
      try {
        handler.run(connection);
      } catch (Exception e) {
        log.warn("Connection handler failed on {}", channel, e);
      } finally {
        connection.close();
      }
    }).start();
  }
}
