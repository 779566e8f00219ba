package dev.osc.caa.proxy;

import static dev.osc.caa.proxy.FakeAgent.bytes;
import static dev.osc.caa.proxy.FakeAgent.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.Provider;
import dev.osc.caa.agent.AgentPath;
import dev.osc.caa.forwarder.Forwarder;
import dev.osc.caa.forwarder.ForwarderConfig;
import dev.osc.caa.metrics.VmMetrics;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.caa.tls.ForwarderCa;
import dev.osc.caa.tls.ForwarderCredentials;
import dev.osc.caa.tls.ForwarderTls;
import dev.osc.caa.tls.ForwarderTlsTest;
import dev.osc.caa.tls.TlsProfile;
import dev.osc.caa.vm.Sandbox;
import dev.osc.metrics.Metrics;
import dev.osc.tls.Identity;
import dev.osc.tls.TlsContexts;
import dev.osc.ttrpc.CallOptions;
import dev.osc.ttrpc.StatusCode;
import dev.osc.ttrpc.TlsSockets;
import dev.osc.ttrpc.TtrpcClient;
import dev.osc.ttrpc.TtrpcException;
import dev.osc.ttrpc.UnixSockets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The shim's calls through the worker's agent proxy and the VM's forwarder to the kata agent, all
 * in this process: payloads and status codes arrive unchanged, and only the VM the adaptor made,
 * under the node's CA, is spoken to.
 */
class AgentPathTest {
  static final String SID = "0123456789abcdef";
  static final String NAME = "podvm-web-01234567";
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private FakeAgent agent;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final Metrics registry = new Metrics();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Logger oscLogger;
  private Level oscLevel;

  @BeforeEach
  void agentAndLogs() throws IOException {
    oscLogger = (Logger) LoggerFactory.getLogger("dev.osc");
    oscLevel = oscLogger.getLevel();
    oscLogger.setLevel(Level.DEBUG);
    logs.start();
    oscLogger.addAppender(logs);
    agent = new FakeAgent(dir.resolve("agent.sock"));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    agent.close();
    oscLogger.detachAppender(logs);
    oscLogger.setLevel(oscLevel);
  }

  private <T extends AutoCloseable> T opened(T c) {
    open.add(c);
    return c;
  }

  /** A forwarder configured as the adaptor's user data would configure it. */
  private Forwarder forwarder(ForwarderCredentials credentials, int port) throws IOException {
    Path config = Files.createTempFile(dir, "apf", ".json");
    Files.writeString(config, ForwarderConfig.of("web", "shop", credentials).toJson());
    Forwarder f =
        opened(
            new Forwarder(
                new Forwarder.Options(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    dir.resolve("agent.sock"),
                    config)));
    f.start();
    return f;
  }

  private AgentProxies proxies(ForwarderTls tls, int port, Duration timeout) {
    return opened(new AgentProxies(tls, port, timeout, new VmMetrics(registry)));
  }

  private static Sandbox sandbox() {
    return new Sandbox(
        new SandboxRequest(SID, "web", "shop", null, 0, 0, 0, null, null),
        NAME,
        null,
        "vm-1",
        "127.0.0.1");
  }

  private Path socket() {
    return dir.resolve("pods").resolve(SID).resolve("agent.ttrpc");
  }

  private TtrpcClient shim() throws IOException {
    return opened(new TtrpcClient(UnixSockets.connect(socket())));
  }

  private static ForwarderTls newCa() {
    return ForwarderTls.issuingFrom(ForwarderCa.create());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** As StartVM uses the proxies: serves the socket, returns once the forwarder answered. */
  private void start(AgentProxies proxies) throws IOException {
    try {
      proxies.start(sandbox(), socket(), java.util.concurrent.ForkJoinPool.commonPool()).get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Test
  void theVmSidesForwarderPortIsTheAdaptorsDefault() {
    for (Provider provider : Provider.values()) {
      assertThat(
              PeerPodsKeys.FORWARDER_PORT.parse(
                  PeerPodsKeys.FORWARDER_PORT.defaultFor(provider).orElseThrow()))
          .isEqualTo(AgentPath.DEFAULT_FORWARDER_PORT);
    }
  }

  @Test
  void withUserSuppliedCertificatesTheVmServesItsImagesOwnCertificate() throws Exception {
    ForwarderCa ca = ForwarderCa.create();
    Identity client = ca.issueClient("cloud-api-adaptor");
    Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    Path certFile = Files.writeString(dir.resolve("client.pem"), client.certificatePem());
    Path keyFile = Files.writeString(dir.resolve("client.key"), client.keyPem());
    ForwarderTls tls =
        ForwarderTls.fromSettings(
            ForwarderTlsTest.settings(
                "CACERT_FILE",
                caFile.toString(),
                "CERT_FILE",
                certFile.toString(),
                "CERT_KEY",
                keyFile.toString()));
    Identity image = ca.issueServer(AgentPath.SUPPLIED_SERVER_NAME);
    Path imageDir = Files.createDirectories(dir.resolve("image"));
    Files.writeString(imageDir.resolve("tls.crt"), image.certificatePem());
    Files.writeString(imageDir.resolve("tls.key"), image.keyPem());

    ForwarderCredentials sent = tls.forVm(NAME);
    assertThat(sent.serverKey()).isNull();
    int port = freePort();
    Path config =
        Files.writeString(
            dir.resolve("apf-supplied.json"), ForwarderConfig.of("web", "shop", sent).toJson());
    opened(
            new Forwarder(
                new Forwarder.Options(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    dir.resolve("agent.sock"),
                    config,
                    imageDir)))
        .start();
    start(proxies(tls, port, Duration.ofSeconds(10)));
    assertThat(shim().call(AgentPath.HEALTH_SERVICE, "Check", new byte[0]))
        .isEqualTo(FakeAgent.SERVING);
  }

  @Test
  void callsRoundTripWithPayloadMetadataDeadlineAndStatus() throws Exception {
    ForwarderTls tls = newCa();
    ForwarderCredentials credentials = tls.forVm(NAME);
    Forwarder f = forwarder(credentials, 0);
    AgentProxies proxies = proxies(tls, f.port(), TIMEOUT);
    start(proxies);
    TtrpcClient shim = shim();

    assertThat(shim.call(AgentPath.HEALTH_SERVICE, "Check", new byte[0]))
        .isEqualTo(FakeAgent.SERVING);
    byte[] spec = new byte[100_000];
    spec[4242] = 7;
    byte[] answer =
        shim.call(
            AgentPath.AGENT_SERVICE,
            "CreateContainer",
            spec,
            CallOptions.timeout(Duration.ofSeconds(20)).withMetadata("trace-id", "abc"));
    assertThat(answer).isEqualTo(concat(bytes("created:"), spec));
    var seen = agent.lastCall.get();
    assertThat(seen.metadata().getAll("trace-id")).containsExactly("abc");
    assertThat(seen.timeRemaining())
        .hasValueSatisfying(
            left -> assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20)));

    assertThatThrownBy(() -> shim.call(AgentPath.AGENT_SERVICE, "StartContainer", new byte[0]))
        .asInstanceOf(InstanceOfAssertFactories.type(TtrpcException.class))
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo(StatusCode.NOT_FOUND);
              assertThat(e.statusMessage()).isEqualTo(FakeAgent.MISSING);
            });
    assertThat(registry.value(VmMetrics.PROXY_CONNECTIONS)).isEqualTo(1);
    assertNoKeyMaterialLogged(credentials);
  }

  @Test
  void aMethodTheAgentDoesNotKnowComesBackUnimplementedFromTheAgent() throws Exception {
    ForwarderTls tls = newCa();
    Forwarder f = forwarder(tls.forVm(NAME), 0);
    start(proxies(tls, f.port(), TIMEOUT));

    assertThatThrownBy(() -> shim().call(AgentPath.AGENT_SERVICE, "SetPolicy", new byte[0]))
        .asInstanceOf(InstanceOfAssertFactories.type(TtrpcException.class))
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo(StatusCode.UNIMPLEMENTED);
              assertThat(e.statusMessage()).contains("SetPolicy");
            });
  }

  @Test
  void aProxyStartedWhileTheVmBootsConnectsWhenTheForwarderComesUp() throws Exception {
    ForwarderTls tls = newCa();
    int port = freePort();
    AgentProxies proxies = proxies(tls, port, TIMEOUT);
    CompletableFuture<Void> started =
        CompletableFuture.runAsync(
            () -> {
              try {
                start(proxies);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300);
    // The shim may call before the VM is up: the call waits for the connection.
    while (!Files.exists(socket())) {
      Thread.sleep(20);
    }
    CompletableFuture<byte[]> early =
        shim()
            .callAsync(
                AgentPath.HEALTH_SERVICE,
                "Check",
                new byte[0],
                CallOptions.timeout(Duration.ofSeconds(20)));
    assertThat(started).isNotDone();
    assertThat(proxies.get(SID).ready()).isFalse();

    forwarder(tls.forVm(NAME), port);
    started.get();
    assertThat(proxies.get(SID).ready()).isTrue();
    assertThat(early.get()).isEqualTo(FakeAgent.SERVING);
  }

  @Test
  void theProxyGivesUpAfterTheTimeoutWithAClearError() throws Exception {
    AgentProxies proxies = proxies(newCa(), freePort(), Duration.ofMillis(800));

    assertThatThrownBy(() -> start(proxies))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("pod shop/web")
        .hasMessageContaining("forwarder of VM " + NAME)
        .hasMessageContaining("did not answer within PT0.8S (PROXY_TIMEOUT)");
    assertThat(socket()).doesNotExist();
    assertThat(proxies.get(SID)).isNull();
  }

  @Test
  void aForwarderWithAnotherInstancesCertificateIsRefused() throws Exception {
    ForwarderTls tls = newCa();
    Forwarder f = forwarder(tls.forVm("podvm-other-89abcdef"), 0);

    assertThatThrownBy(() -> start(proxies(tls, f.port(), Duration.ofSeconds(1))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("did not answer")
        .hasMessageContaining("No subject alternative DNS name matching " + NAME);
  }

  @Test
  void aForwarderSignedByAnotherCaIsRefused() throws Exception {
    Forwarder f = forwarder(newCa().forVm(NAME), 0);

    assertThatThrownBy(() -> start(proxies(newCa(), f.port(), Duration.ofSeconds(1))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("did not answer")
        .hasMessageContaining("PKIX path");
  }

  @Test
  void theForwarderRefusesClientsWithoutACertificateFromItsCa() throws Exception {
    ForwarderCa ca = ForwarderCa.create();
    Forwarder f = forwarder(ForwarderTls.issuingFrom(ca).forVm(NAME), 0);
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), f.port());
    // Both trust the forwarder; one shows a certificate from another CA, one shows none.
    SSLContext foreignCertificate =
        TlsContexts.of(ForwarderCa.create().issueClient("intruder"), ca.certificate());
    SSLContext noCertificate = TlsContexts.trusting("TLS", ca.certificate());

    for (SSLContext client : List.of(foreignCertificate, noCertificate)) {
      assertThatThrownBy(
              () -> {
                try (TtrpcClient c =
                    new TtrpcClient(TlsSockets.connect(client, at, NAME, Duration.ofSeconds(5)))) {
                  c.call(
                      AgentPath.HEALTH_SERVICE,
                      "Check",
                      new byte[0],
                      CallOptions.timeout(Duration.ofSeconds(5)));
                }
              })
          .satisfiesAnyOf(
              e -> assertThat(e).isInstanceOf(IOException.class),
              e ->
                  assertThat(e)
                      .asInstanceOf(InstanceOfAssertFactories.type(TtrpcException.class))
                      .extracting(TtrpcException::code)
                      .isEqualTo(StatusCode.UNAVAILABLE));
    }
  }

  @Test
  void aRestartedAdaptorReloadsItsCaAndReachesVmsConfiguredBeforeTheRestart() throws Exception {
    Path caDir = dir.resolve("ca");
    ForwarderTls before = ForwarderTls.issuingFrom(ForwarderCa.loadOrCreate(caDir));
    Forwarder f = forwarder(before.forVm(NAME), 0);
    assertThat(Files.getPosixFilePermissions(caDir.resolve(ForwarderCa.KEY_FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(caDir.resolve(ForwarderCa.CERT_FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    ForwarderTls after = ForwarderTls.issuingFrom(ForwarderCa.loadOrCreate(caDir));
    start(proxies(after, f.port(), TIMEOUT));
    assertThat(shim().call(AgentPath.HEALTH_SERVICE, "Check", new byte[0]))
        .isEqualTo(FakeAgent.SERVING);
  }

  @Test
  void theForwarderReconnectsWhenTheAgentRestarts() throws Exception {
    ForwarderTls tls = newCa();
    Forwarder f = forwarder(tls.forVm(NAME), 0);
    start(proxies(tls, f.port(), TIMEOUT));
    TtrpcClient shim = shim();
    assertThat(shim.call(AgentPath.HEALTH_SERVICE, "Check", new byte[0]))
        .isEqualTo(FakeAgent.SERVING);

    agent.close();
    agent = new FakeAgent(dir.resolve("agent.sock"));
    Thread.sleep(100); // the forwarder notices the old connection is gone
    assertThat(
            shim.call(
                AgentPath.AGENT_SERVICE,
                "CreateContainer",
                bytes("x"),
                CallOptions.timeout(Duration.ofSeconds(10))))
        .isEqualTo(bytes("created:x"));
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // a hang guard: the call's own deadline is 10 minutes
  void aVmWithoutItsAgentAnswersAtOnceNamingTheAgentSocket() throws Exception {
    ForwarderTls tls = newCa();
    Forwarder f = forwarder(tls.forVm(NAME), 0);
    start(proxies(tls, f.port(), TIMEOUT));
    agent.close();
    Files.deleteIfExists(dir.resolve("agent.sock"));
    assertThatThrownBy(
            () ->
                shim()
                    .call(
                        AgentPath.HEALTH_SERVICE,
                        "Check",
                        new byte[0],
                        CallOptions.timeout(Duration.ofMinutes(10))))
        .asInstanceOf(InstanceOfAssertFactories.type(TtrpcException.class))
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
              assertThat(e.statusMessage())
                  .startsWith("cannot reach the kata agent at " + dir.resolve("agent.sock"));
            });
  }

  @Test
  void theForwarderEnforcesTheTlsProfileOfItsConfiguration() throws Exception {
    ForwarderTls tls = newCa();
    Path config = Files.createTempFile(dir, "apf", ".json");
    Files.writeString(
        config,
        ForwarderConfig.of(
                "web", "shop", null, tls.forVm(NAME), new TlsProfile(TlsProfile.TLS13, List.of()))
            .toJson());
    Forwarder f =
        opened(
            new Forwarder(
                new Forwarder.Options(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    dir.resolve("agent.sock"),
                    config)));
    f.start();
    for (String version : new String[] {"TLSv1.2", "TLSv1.3"}) {
      try (var socket =
          (javax.net.ssl.SSLSocket)
              tls.clientContext().getSocketFactory().createSocket("127.0.0.1", f.port())) {
        socket.setEnabledProtocols(new String[] {version});
        if (version.equals("TLSv1.2")) {
          assertThatThrownBy(socket::startHandshake)
              .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        } else {
          socket.startHandshake();
          assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
      }
    }
    start(proxies(tls, f.port(), TIMEOUT));
    assertThat(shim().call(AgentPath.HEALTH_SERVICE, "Check", new byte[0]))
        .isEqualTo(FakeAgent.SERVING);
  }

  @Test
  void closingTheProxyRemovesTheSocket() throws Exception {
    ForwarderTls tls = newCa();
    Forwarder f = forwarder(tls.forVm(NAME), 0);
    AgentProxies proxies = proxies(tls, f.port(), TIMEOUT);
    start(proxies);
    assertThat(socket()).exists();

    proxies.stop(SID);
    assertThat(socket()).doesNotExist();
    assertThat(registry.value(VmMetrics.PROXY_CONNECTIONS)).isZero();
  }

  private void assertNoKeyMaterialLogged(ForwarderCredentials used) {
    String all =
        String.join(
            "\n",
            logs.list.stream()
                .map(
                    e ->
                        e.getFormattedMessage()
                            + (e.getThrowableProxy() == null
                                ? ""
                                : e.getThrowableProxy().getMessage()))
                .toList());
    assertThat(all).contains("agent proxy connected"); // the logs were captured
    assertThat(all).doesNotContain("PRIVATE KEY").doesNotContain("BEGIN CERTIFICATE");
    String keyBody =
        used.serverKey().lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
    for (int i = 0; i + 16 <= keyBody.length(); i += 16) {
      assertThat(all).doesNotContain(keyBody.substring(i, i + 16));
    }
    assertThat(used.toString()).doesNotContain(keyBody.substring(0, 16));
  }
}
