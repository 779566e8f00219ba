package dev.osc.operator.k8s;

import dev.osc.api.peerpods.ParseResult;
import dev.osc.api.peerpods.PeerPodsConfig;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.Problem;
import dev.osc.api.v1.KataConfig;
import dev.osc.operator.peerpods.CaaDaemonSetModel;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The peer-pods pieces that follow the configuration: PeerPodConfig, the cloud-api-adaptor
 * DaemonSet and the pod-mutating admission webhook. The configuration is validated first; when it
 * is invalid nothing is created or changed, and the problems (never a secret value) are returned
 * for the status.
 */
public final class PeerPodsDeployment {
  /** peer-pods-cm and peer-pods-secret: watched by name, read only. */
  public static final Kind<ConfigMap> CONFIG_MAP =
      Kind.named(ConfigMap.class, true, PeerPodsKeys.CONFIG_MAP, null);

  public static final Kind<Secret> SECRET =
      Kind.named(Secret.class, true, PeerPodsKeys.SECRET, null);

  private final Caches caches;
  private final String namespace;
  private final String image;
  private final PeerPodConfigs peerPodConfigs;
  private final DaemonSets daemonSets;
  private final WebhookDeployment webhook;
  private final CloudCredentials credentials;

  /** The CCO's Secret, watched where the cluster may have one. */
  public static final Kind<Secret> CCO_SECRET = CloudCredentials.CCO_SECRET;

  public PeerPodsDeployment(
      Applier applier, KubernetesClient client, String namespace, String image) {
    this.caches = applier.caches();
    this.namespace = namespace;
    this.image = image;
    this.peerPodConfigs = new PeerPodConfigs(applier, namespace);
    this.daemonSets = new DaemonSets(applier);
    this.webhook = new WebhookDeployment(applier, namespace, image, Clock.systemUTC());
    this.credentials = new CloudCredentials(client, caches, namespace);
  }

  /**
   * Deploys for a valid configuration; otherwise changes nothing and returns the problems of
   * peer-pods-cm and peer-pods-secret, one line each.
   */
  public Optional<String> ensure(KataConfig kc) {
    ConfigMap cm = caches.get(CONFIG_MAP, namespace, PeerPodsKeys.CONFIG_MAP).orElse(null);
    credentials.ensure(cm);
    Secret secret = caches.get(SECRET, namespace, PeerPodsKeys.SECRET).orElse(null);
    ParseResult result =
        PeerPodsConfig.parse(cm == null ? null : cm.getData(), Secrets.decode(secret));
    if (!(result instanceof ParseResult.Valid valid)) {
      return Optional.of(
          result.problems().stream().map(Problem::message).collect(Collectors.joining("; ")));
    }
    PeerPodsConfig config = valid.config();
    peerPodConfigs.ensure(kc, cm);
    daemonSets.ensure(kc, CaaDaemonSetModel.desired(namespace, image, config.contentHash()));
    webhook.ensure(kc);
    return Optional.empty();
  }

  public boolean certManagerPresent() {
    return webhook.certManagerPresent();
  }

  /** At uninstall only: withdraws the CredentialsRequest (OpenShift). */
  public void removeCredentials() {
    credentials.remove();
  }

  public void remove() {
    webhook.remove();
    daemonSets.delete(namespace, CaaDaemonSetModel.NAME);
    peerPodConfigs.delete();
  }
}
