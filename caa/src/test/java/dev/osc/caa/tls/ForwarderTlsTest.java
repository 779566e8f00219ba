package dev.osc.caa.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.caa.agent.AgentPath;
import dev.osc.caa.config.Env;
import dev.osc.caa.forwarder.ForwarderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the adaptor comes by its forwarder TLS material, and what a VM's apf.json carries. */
class ForwarderTlsTest {
  @TempDir Path dir;

  @Test
  void theNodesCaIsMadeOnceAndReloaded() throws Exception {
    Env env = new Env(Map.of(AgentPath.CA_DIR_ENV, dir.resolve("ca").toString()));
    ForwarderTls first = ForwarderTls.fromEnv(env);
    String caPem = Files.readString(dir.resolve("ca").resolve(CertificateAuthority.CERT_FILE));
    ForwarderTls second = ForwarderTls.fromEnv(env);

    assertThat(first.forVm("podvm-a-1").clientCa()).isEqualTo(caPem);
    assertThat(second.forVm("podvm-a-1").clientCa()).isEqualTo(caPem);
    assertThat(second.serverName("podvm-a-1")).isEqualTo("podvm-a-1");
  }

  @Test
  void suppliedFilesAreUsedInsteadAndTheVmImageBringsItsCertificate() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create();
    Identity client = ca.issueClient("cloud-api-adaptor");
    Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    Path certFile = Files.writeString(dir.resolve("cert.pem"), client.certificatePem());
    Path keyFile = Files.writeString(dir.resolve("key.pem"), client.keyPem());
    ForwarderTls tls = ForwarderTls.fromEnv(new Env(Map.of(AgentPath.CACERT_FILE_ENV,
        caFile.toString(), AgentPath.CERT_FILE_ENV, certFile.toString(),
        AgentPath.CERT_KEY_ENV, keyFile.toString())));

    ForwarderCredentials vm = tls.forVm("podvm-a-1");
    assertThat(vm.serverCert()).isNull();
    assertThat(vm.serverKey()).isNull();
    assertThat(vm.clientCa()).isEqualTo(ca.certificatePem());
    assertThat(tls.serverName("podvm-a-1")).isEqualTo(AgentPath.SUPPLIED_SERVER_NAME);
  }

  @Test
  void someButNotAllSuppliedFilesIsAnError() {
    assertThatThrownBy(() -> ForwarderTls.fromEnv(new Env(Map.of(AgentPath.CERT_FILE_ENV,
        "/x/cert.pem"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CACERT_FILE, CERT_FILE and CERT_KEY go together: set all three or none");
  }

  @Test
  void theServerCertificateNamesTheInstance() throws Exception {
    Identity server = CertificateAuthority.create().issueServer("podvm-web-01234567");
    assertThat(server.certificate().getSubjectAlternativeNames())
        .containsExactly(java.util.List.of(2, "podvm-web-01234567"));
    assertThat(server.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void theConfigKeepsItsKeyNamesIgnoresUnknownOnesAndHidesTheKeyFromToString() {
    ForwarderConfig config = ForwarderConfig.fromJson("{\"pod-name\":\"web\","
        + "\"pod-namespace\":\"shop\",\"tls-server-cert\":\"C\",\"tls-server-key\":\"SECRET\","
        + "\"tls-client-ca\":\"A\",\"sc-pp-prv\":\"a2V5\"}");
    assertThat(config).isEqualTo(new ForwarderConfig(null, "shop", "web", "SECRET", "C", "A",
        null, null));
    assertThat(config.toJson()).contains("\"tls-server-key\":\"SECRET\"");
    assertThat(config.toString()).doesNotContain("SECRET");
    assertThat(ForwarderConfig.of("web", "shop", null).toJson())
        .isEqualTo("{\"pod-network\":null,\"pod-namespace\":\"shop\",\"pod-name\":\"web\"}");
    assertThatThrownBy(() -> ForwarderConfig.fromJson("{\"tls-server-key\": SECRET"))
        .hasMessageNotContaining("SECRET");
  }
}
