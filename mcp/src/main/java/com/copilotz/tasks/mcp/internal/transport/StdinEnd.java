package com.copilotz.tasks.mcp.internal.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * The stdio transport's input, telling when it ends: the MCP client closed the server's stdin (or
 * exited), which is how a stdio server is told to stop.
 */
public final class StdinEnd extends FilterInputStream {
  private final CountDownLatch ended = new CountDownLatch(1);

  /**
   * Wraps {@code in}.
   *
   * @param in the client's messages
   */
  public StdinEnd(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    return ended(super.read());
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    return ended(super.read(buffer, offset, length));
  }

  private int ended(int read) {
    if (read < 0) {
      ended.countDown();
    }
    return read;
  }

  /**
   * Blocks until the input ends.
   *
   * @throws InterruptedException if the thread is interrupted first
   */
  public void await() throws InterruptedException {
    ended.await();
  }
}
