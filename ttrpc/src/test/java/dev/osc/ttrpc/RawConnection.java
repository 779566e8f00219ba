package dev.osc.ttrpc;

import java.io.IOException;

/** Frames written and read by hand, to play a misbehaving peer. */
final class RawConnection implements AutoCloseable {
  final Connection conn;
  private final FrameWriter writer;
  private final FrameReader reader;

  RawConnection(Connection conn) throws IOException {
    this.conn = conn;
    this.writer = new FrameWriter(conn.output());
    this.reader = new FrameReader(conn.input());
  }

  void send(int streamId, byte type, byte[] payload) throws Exception {
    writer.write(streamId, type, (byte) 0, payload);
  }

  void request(int streamId, String service, String method, byte[] payload, long timeoutNanos)
      throws Exception {
    send(
        streamId,
        Wire.TYPE_REQUEST,
        Envelope.encode(
            new Envelope.Request(service, method, payload, timeoutNanos, Metadata.EMPTY)));
  }

  /** Writes bytes as they are, header or not. */
  void sendBytes(byte[] bytes) throws IOException {
    conn.output().write(bytes);
    conn.output().flush();
  }

  Frame read() throws IOException {
    return reader.read();
  }

  Envelope.Response readResponse(int expectedStreamId) throws IOException {
    Frame f = reader.read();
    if (f == null) throw new IOException("connection closed");
    if (f.streamId() != expectedStreamId || f.type() != Wire.TYPE_RESPONSE) {
      throw new AssertionError(
          "unexpected frame on stream " + f.streamId() + " of type " + f.type());
    }
    return Envelope.decodeResponse(f.payload());
  }

  @Override
  public void close() throws IOException {
    conn.close();
  }
}
