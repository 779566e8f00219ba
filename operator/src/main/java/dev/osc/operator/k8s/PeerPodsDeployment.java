package dev.osc.operator.k8s;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.v1.KataConfig;
import dev.osc.operator.peerpods.CaaDaemonSetModel;
import dev.osc.api.peerpods.ParseResult;
import dev.osc.api.peerpods.PeerPodsConfig;
import dev.osc.api.peerpods.Problem;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The peer-pods pieces that follow the configuration: PeerPodConfig, the cloud-api-adaptor
 * DaemonSet and the pod-mutating admission webhook. The configuration is validated first; when it is invalid nothing is created or
 * changed, and the problems (never a secret value) are returned for the status.
 */
public final class PeerPodsDeployment {
  private final KubernetesClient client;
  private final String namespace;
  private final String image;
  private final PeerPodConfigs peerPodConfigs;
  private final DaemonSets daemonSets;
  private final WebhookDeployment webhook;

  public PeerPodsDeployment(KubernetesClient client, String namespace, String image) {
    this.client = client;
    this.namespace = namespace;
    this.image = image;
    this.peerPodConfigs = new PeerPodConfigs(client, namespace);
    this.daemonSets = new DaemonSets(client);
    this.webhook = new WebhookDeployment(client, namespace, image, java.time.Clock.systemUTC());
  }

  /**
   * Deploys for a valid configuration; otherwise changes nothing and returns the problems of
   * peer-pods-cm and peer-pods-secret, one line each.
   */
  public Optional<String> ensure(KataConfig kc) {
    ParseResult result = parse();
    if (!(result instanceof ParseResult.Valid valid)) {
      return Optional.of(result.problems().stream().map(Problem::message)
          .collect(Collectors.joining("; ")));
    }
    PeerPodsConfig config = valid.config();
    peerPodConfigs.ensure(kc);
    daemonSets.ensure(kc, CaaDaemonSetModel.desired(namespace, image, config.contentHash()));
    webhook.ensure(kc);
    return Optional.empty();
  }

  public void remove() {
    webhook.remove();
    daemonSets.delete(namespace, CaaDaemonSetModel.NAME);
    peerPodConfigs.delete();
  }

  private ParseResult parse() {
    ConfigMap cm = client.configMaps().inNamespace(namespace)
        .withName(PeerPodsKeys.CONFIG_MAP).get();
    Secret secret = client.secrets().inNamespace(namespace).withName(PeerPodsKeys.SECRET).get();
    return PeerPodsConfig.parse(cm == null ? null : cm.getData(), Secrets.decode(secret));
  }
}
