package dev.eddy.internal.server;

import dev.eddy.Connection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * RawConnection is a handed-over socket as blocking streams. Inbound bytes wait in an
 * {@link InboundBytes} queue of at most 64 KiB; past that, reading from the socket pauses until
 * the app catches up. Writes wait while the channel is not writable.
 */
final class RawConnection implements Connection {
  private static final int MAX_QUEUED = 64 * 1024;
  private static final int WRITE_CHUNK = 8192;

  private final Channel channel;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final InboundBytes input;
  private final Output output = new Output();

  RawConnection(Channel channel) {
    this.channel = channel;
    this.input = new InboundBytes(MAX_QUEUED, new InboundBytes.Flow() {
      @Override
      public void pause() {
        channel.config().setAutoRead(false);
      }

      @Override
      public void resume() {
        channel.config().setAutoRead(true);
      }
    });
  }

  ChannelInboundHandlerAdapter inbound() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
          if (msg instanceof ByteBuf buf) {
            input.offer(buf);
          }
        } finally {
          ReferenceCountUtil.release(msg);
        }
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        input.end();
        signal();
      }

      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        signal();
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
          input.end(); // the peer half-closed; the app may still write
        }
        ctx.fireUserEventTriggered(evt);
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
      }
    };
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  @Override
  public void close() {
    try {
      output.flush();
    } catch (IOException ignored) {
      // the peer has gone; closing is all that is left
    }
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  /** Output buffers up to 8 KiB and waits for writability before handing bytes to Netty. */
  private final class Output extends OutputStream {
    private final byte[] buffer = new byte[WRITE_CHUNK];
    private int count;

    @Override
    public void write(int b) throws IOException {
      if (count == WRITE_CHUNK) {
        send(false);
      }
      buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      while (len > 0) {
        if (count == WRITE_CHUNK) {
          send(false);
        }
        int n = Math.min(len, WRITE_CHUNK - count);
        System.arraycopy(b, off, buffer, count, n);
        count += n;
        off += n;
        len -= n;
      }
    }

    @Override
    public void flush() throws IOException {
      send(true);
    }

    private void send(boolean flush) throws IOException {
      if (!channel.isActive()) {
        count = 0;
        throw new IOException("Connection closed");
      }
      if (count > 0) {
        awaitWritable();
        channel.writeAndFlush(Unpooled.copiedBuffer(buffer, 0, count), channel.voidPromise());
        count = 0;
      } else if (flush) {
        channel.flush();
      }
    }

    private void awaitWritable() throws IOException {
      lock.lock();
      try {
        while (!channel.isWritable() && channel.isActive()) {
          changed.await();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while writing");
      } finally {
        lock.unlock();
      }
      if (!channel.isActive()) {
        throw new IOException("Connection closed");
      }
    }
  }
}
