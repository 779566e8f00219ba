package dev.osc.ttrpc;

import java.io.Closeable;
import java.io.IOException;

/** Accepts connections for a {@link TtrpcServer}. Closing it makes a pending accept fail. */
public interface Listener extends Closeable {
  Connection accept() throws IOException;

  /** The local address, for logs. */
  String describe();
}
