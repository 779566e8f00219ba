package dev.osc.dev;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The two ends of a TCP exchange, run as processes inside network namespaces ({@code nsenter
 * --net=...} or {@code ip netns exec}) by the pod network tests and {@code osc bench caa
 * --network}: a Java process's sockets belong to the namespace it started in.
 *
 * <pre>
 * echo ADDR PORT          serve: answer each line with "pong " + line; prints "ready"
 * ask ADDR PORT TEXT      connect, send TEXT, print the answer
 * sink ADDR PORT          serve: read and drop everything; prints "ready"
 * send ADDR PORT SECONDS  connect, write for SECONDS, print the bytes sent per second
 * </pre>
 */
public final class NetProbe {
  private NetProbe() {}

  public static void main(String[] args) throws Exception {
    InetSocketAddress at =
        new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2]));
    switch (args[0]) {
      case "echo" -> serve(at, true);
      case "sink" -> serve(at, false);
      case "ask" -> {
        try (Socket s = new Socket()) {
          s.connect(at, 5000);
          s.setSoTimeout(5000);
          new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println(args[3]);
          System.out.println(
              new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                  .readLine());
        }
      }
      case "send" -> {
        long until = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000_000L;
        long began = System.nanoTime();
        long sent = 0;
        byte[] chunk = new byte[256 * 1024];
        try (Socket s = new Socket()) {
          s.connect(at, 5000);
          OutputStream out = s.getOutputStream();
          while (System.nanoTime() < until) {
            out.write(chunk);
            sent += chunk.length;
          }
        }
        System.out.println(sent * 1_000_000_000L / (System.nanoTime() - began));
      }
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void serve(InetSocketAddress at, boolean echo) throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(at);
      System.out.println("ready");
      System.out.flush();
      while (true) {
        Socket s = server.accept();
        Thread t =
            new Thread(
                () -> {
                  try (s) {
                    if (echo) {
                      var in =
                          new BufferedReader(
                              new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                      var out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                      for (String line; (line = in.readLine()) != null; ) {
                        out.println("pong " + line);
                      }
                    } else {
                      s.getInputStream().transferTo(OutputStream.nullOutputStream());
                    }
                  } catch (Exception closed) {
                    // the client went away
                  }
                });
        t.setDaemon(true);
        t.start();
      }
    }
  }
}
