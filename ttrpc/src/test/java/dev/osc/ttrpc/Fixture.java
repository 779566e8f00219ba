package dev.osc.ttrpc;

import dev.osc.ttrpc.bench.EchoService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Java server with osc.test.Echo (plus test methods) on a unix socket in a temp dir. */
final class Fixture implements AutoCloseable {
  final Path dir;
  final Path socket;
  final TtrpcServer server = new TtrpcServer();

  Fixture(ServiceDefinition... extra) throws IOException {
    dir = Files.createTempDirectory("ttrpc");
    socket = dir.resolve("s.sock");
    server.register(EchoService.definition());
    for (ServiceDefinition s : extra) server.register(s);
    server.serve(UnixSockets.listen(socket));
  }

  TtrpcClient client() throws IOException {
    return new TtrpcClient(UnixSockets.connect(socket));
  }

  RawConnection raw() throws IOException {
    return new RawConnection(UnixSockets.connect(socket));
  }

  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(socket);
    Files.deleteIfExists(dir);
  }
}
