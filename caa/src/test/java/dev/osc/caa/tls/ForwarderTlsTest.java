package dev.osc.caa.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.api.peerpods.PeerPodsSettings;
import dev.osc.caa.agent.AgentPath;
import dev.osc.caa.forwarder.ForwarderConfig;
import dev.osc.tls.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the adaptor comes by its forwarder TLS material, and what a VM's apf.json carries. */
public class ForwarderTlsTest {
  @TempDir Path dir;

  /** The adaptor's configuration with these keys. */
  public static PeerPodsSettings settings(String... keysAndValues) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("CLOUD_PROVIDER", "local"));
    for (int i = 0; i < keysAndValues.length; i += 2) {
      env.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return PeerPodsSettings.read(env);
  }

  @Test
  void theNodesCaIsMadeOnceAndReloaded() throws Exception {
    PeerPodsSettings env = settings("FORWARDER_CA_DIR", dir.resolve("ca").toString());
    ForwarderTls first = ForwarderTls.fromSettings(env);
    String caPem = Files.readString(dir.resolve("ca").resolve(ForwarderCa.CERT_FILE));
    ForwarderTls second = ForwarderTls.fromSettings(env);

    assertThat(first.forVm("podvm-a-1").clientCa()).isEqualTo(caPem);
    assertThat(second.forVm("podvm-a-1").clientCa()).isEqualTo(caPem);
    assertThat(second.serverName("podvm-a-1")).isEqualTo("podvm-a-1");
  }

  @Test
  void suppliedFilesAreUsedInsteadAndTheVmImageBringsItsCertificate() throws Exception {
    ForwarderCa ca = ForwarderCa.create();
    Identity client = ca.issueClient("cloud-api-adaptor");
    Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    Path certFile = Files.writeString(dir.resolve("cert.pem"), client.certificatePem());
    Path keyFile = Files.writeString(dir.resolve("key.pem"), client.keyPem());
    ForwarderTls tls =
        ForwarderTls.fromSettings(
            settings(
                "CACERT_FILE",
                caFile.toString(),
                "CERT_FILE",
                certFile.toString(),
                "CERT_KEY",
                keyFile.toString()));

    ForwarderCredentials vm = tls.forVm("podvm-a-1");
    assertThat(vm.serverCert()).isNull();
    assertThat(vm.serverKey()).isNull();
    assertThat(vm.clientCa()).isEqualTo(ca.certificatePem());
    assertThat(tls.serverName("podvm-a-1")).isEqualTo(AgentPath.SUPPLIED_SERVER_NAME);
  }

  @Test
  void someButNotAllSuppliedFilesIsAnError() {
    assertThatThrownBy(() -> ForwarderTls.fromSettings(settings("CERT_FILE", "/x/cert.pem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CACERT_FILE, CERT_FILE and CERT_KEY go together: set all three or none");
  }

  @Test
  void theServerCertificateNamesTheInstance() throws Exception {
    Identity server = ForwarderCa.create().issueServer("podvm-web-01234567");
    assertThat(server.certificate().getSubjectAlternativeNames())
        .containsExactly(java.util.List.of(2, "podvm-web-01234567"));
    assertThat(server.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void theConfigKeepsItsKeyNamesIgnoresUnknownOnesAndHidesTheKeyFromToString() {
    ForwarderConfig config =
        ForwarderConfig.fromJson(
            "{\"pod-name\":\"web\","
                + "\"pod-namespace\":\"shop\",\"tls-server-cert\":\"C\",\"tls-server-key\":\"SECRET\","
                + "\"tls-client-ca\":\"A\",\"sc-pp-prv\":\"a2V5\"}");
    assertThat(config)
        .isEqualTo(new ForwarderConfig(null, "shop", "web", "SECRET", "C", "A", null, null));
    assertThat(config.toJson()).contains("\"tls-server-key\":\"SECRET\"");
    assertThat(config.toString()).doesNotContain("SECRET");
    assertThat(ForwarderConfig.of("web", "shop", null).toJson())
        .isEqualTo("{\"pod-network\":null,\"pod-namespace\":\"shop\",\"pod-name\":\"web\"}");
    assertThatThrownBy(() -> ForwarderConfig.fromJson("{\"tls-server-key\": SECRET"))
        .hasMessageNotContaining("SECRET");
  }
}
