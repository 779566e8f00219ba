package dev.osc.dev;

import dev.osc.api.PeerPods;
import dev.osc.api.v1.KataConfig;
import dev.osc.operator.peerpods.WebhookCertificates;
import dev.osc.operator.peerpods.WebhookModel;
import dev.osc.webhook.AdmissionServer;
import dev.osc.webhook.KataConfigAdmission;
import dev.osc.webhook.PodMutator;
import dev.osc.webhook.ServingCertificate;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in, on the playground's real API server, for what a cluster gives the webhook Deployment
 * the operator creates: a kubelet running its pods and a network from the Service to them. It
 * serves our admission webhook in this process with a certificate from the operator's own CA (the
 * one in the configurations' caBundle) and points the configurations at it by URL, so the API
 * server really calls it for every pod, as in a cluster.
 */
final class WebhookStandIn implements AutoCloseable {
  private final AdmissionServer server;

  private WebhookStandIn(AdmissionServer server) {
    this.server = server;
  }

  static WebhookStandIn start(KubernetesClient client, String namespace, Path dir)
      throws IOException {
    Secret secret = client.secrets().inNamespace(namespace).withName(PeerPods.WEBHOOK_SECRET).get();
    Map<String, String> pem = new HashMap<>();
    secret
        .getData()
        .forEach(
            (k, v) ->
                pem.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.US_ASCII)));
    Map<String, String> local = WebhookCertificates.issue(pem, List.of("127.0.0.1"), Instant.now());
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(WebhookCertificates.CERT), local.get(WebhookCertificates.CERT));
    Files.writeString(dir.resolve(WebhookCertificates.KEY), local.get(WebhookCertificates.KEY));
    AdmissionServer server =
        AdmissionServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            ServingCertificate.load(dir),
            PodMutator.fromEnv(Map.of()),
            new KataConfigAdmission(
                () ->
                    client.resources(KataConfig.class).list().getItems().stream()
                        .map(kc -> kc.getMetadata().getName())
                        .toList()));
    String base = "https://127.0.0.1:" + server.port();
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(PeerPods.MUTATING_WEBHOOK_CONFIGURATION)
        .edit(
            m -> {
              m.getWebhooks()
                  .forEach(
                      w -> {
                        w.getClientConfig().setService(null);
                        w.getClientConfig().setUrl(base + PeerPods.PATH_MUTATE_POD);
                      });
              return m;
            });
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(WebhookModel.VALIDATING_CONFIGURATION)
        .edit(
            v -> {
              v.getWebhooks()
                  .forEach(
                      w -> {
                        w.getClientConfig().setService(null);
                        w.getClientConfig().setUrl(base + WebhookModel.PATH_VALIDATE_KATACONFIG);
                      });
              return v;
            });
    return new WebhookStandIn(server);
  }

  @Override
  public void close() {
    server.close();
  }
}
