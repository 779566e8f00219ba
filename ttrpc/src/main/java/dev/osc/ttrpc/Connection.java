package dev.osc.ttrpc;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connected byte stream a ttrpc client or server runs on. One thread reads while others write, so
 * both streams must work concurrently. Closing it unblocks a pending read.
 */
public interface Connection extends Closeable {
  InputStream input() throws IOException;

  OutputStream output() throws IOException;

  /** The peer, for logs. */
  String describe();
}
