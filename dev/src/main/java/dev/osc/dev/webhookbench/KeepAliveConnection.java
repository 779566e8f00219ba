package dev.osc.dev.webhookbench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTPS connection kept alive, sending HTTP/1.1 requests back to back: a raw socket rather than
 * an HTTP client, so the load generator costs little CPU next to the servers it measures. Reads
 * bodies sized by Content-Length or chunked (Go's server chunks bodies over 2 KiB).
 */
public final class KeepAliveConnection implements AutoCloseable {
  private final SSLSocket socket;
  private final OutputStream out;
  private final InputStream in;

  public record Response(int status, byte[] body) {}

  public KeepAliveConnection(SSLContext tls, String host, int port) throws IOException {
    socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(30_000); // a guard against a hung server, far above any latency
    SSLParameters p = socket.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(p);
    socket.startHandshake();
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
  }

  /** A whole POST request, built once and sent as it is every time. */
  public static byte[] post(String host, int port, String path, byte[] json) {
    byte[] head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + ":"
                + port
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: "
                + json.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + json.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(json, 0, all, head.length, json.length);
    return all;
  }

  public Response exchange(byte[] request) throws IOException {
    out.write(request);
    out.flush();
    String status = line();
    if (!status.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    byte[] body = chunked ? chunks() : in.readNBytes((int) Math.max(length, 0));
    if (close) {
      throw new IOException("the server closed the connection");
    }
    return new Response(code, body);
  }

  private byte[] chunks() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semicolon = size.indexOf(';');
      int n =
          Integer.parseInt(semicolon < 0 ? size.trim() : size.substring(0, semicolon).trim(), 16);
      if (n == 0) {
        while (!line().isEmpty()) {
          // trailers: none expected, skipped
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line(); // the CRLF after the chunk
    }
  }

  private String line() throws IOException {
    StringBuilder s = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed by the server");
      }
      if (b != '\r') {
        s.append((char) b);
      }
    }
    return s.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
