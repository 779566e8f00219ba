package dev.osc.operator.peerpods;

import static dev.osc.api.PeerPodsKeys.*;
import static dev.osc.operator.peerpods.KeySpec.cm;
import static dev.osc.operator.peerpods.KeySpec.requiredCm;
import static dev.osc.operator.peerpods.KeySpec.secret;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys each provider reads from peer-pods-cm and peer-pods-secret. Sources: "AWS n" and "IBM Z
 * n" are chapters of the seed guides (OSC 1.12 on AWS, OSC on IBM Z); "OSC §n" and "CAA §n" are
 * sections of the reference notes osc-operator.md and cloud-api-adaptor.md.
 *
 * <p>Required: what the operator's own validation (OSC §4.2) or the documented procedure demands.
 * Defaults: the guides' values for keys they do not mark site-specific; where only the
 * cloud-api-adaptor has a default and the guides give none, the key stays unset and CAA applies
 * its own.
 */
final class KeyCatalog {
  private KeyCatalog() {}

  // Defaulted to 9000 where a guide uses it (AWS 3.1 opens 9000 for the tunnel); elsewhere CAA's
  // own 4789 applies (CAA §4.2).
  private static final KeySpec VXLAN = cm(VXLAN_PORT, ValueRules.PORT);
  // AWS 3.2: "The default and minimum size is 6 GB."
  private static final KeySpec ROOT_VOLUME = cm(ROOT_VOLUME_SIZE, ValueRules.atLeast(6, " (GB)"));

  /** The ConfigMap keys every provider reads: what can be checked while the provider is unknown. */
  static final List<KeySpec> SHARED = List.of(
      // AWS 3.2, IBM Z 6.2.5: "The default value is 10."
      cm(PEERPODS_LIMIT_PER_NODE, PeerPodLimit::problem)
          .withDefault(String.valueOf(PeerPodLimit.DEFAULT.value())),
      // AWS 3.2 example; CAA §4.2 default.
      cm(PROXY_TIMEOUT, ValueRules.DURATION).withDefault("5m"),
      // Every guide's example; the operator writes "true" unless the confidential gate is on (OSC
      // §4.8), while CAA's AWS default (false) would ask for SEV-SNP instances.
      cm(DISABLECVM, ValueRules.BOOLEAN).withDefault("true"),
      VXLAN,
      ROOT_VOLUME,
      // CAA §4.2; AWS 3.1 opens 15150 for it.
      cm(FORWARDER_PORT, ValueRules.PORT),
      // OSC §4.2: the rest of the CAA entrypoint's common keys, passed through.
      cm(PAUSE_IMAGE), cm(CACERT_FILE), cm(CERT_FILE), cm(CERT_KEY), cm(TLS_SKIP_VERIFY),
      cm(INITDATA), cm(CLOUD_CONFIG_VERIFY), cm(SECURE_COMMS), cm(SECURE_COMMS_INBOUNDS),
      cm(SECURE_COMMS_OUTBOUNDS), cm(SECURE_COMMS_KBS_ADDR));

  private static final ProviderKeys AWS_KEYS = new ProviderKeys(keys(
      VXLAN.withDefault("9000"), ROOT_VOLUME.withDefault("6"),
      cm(TAGS, ValueRules.TAGS),
      // OSC §4.2: the operator refuses to build the pod VM image without these.
      requiredCm(AWS_REGION),
      requiredCm(AWS_SUBNET_ID),
      requiredCm(AWS_VPC_ID),
      requiredCm(AWS_SG_IDS, ValueRules.COMMA_LIST),
      // AWS 3.2 example; CAA's own default is m6a.large (CAA §3.4).
      cm(PODVM_INSTANCE_TYPE).withDefault("t3.medium"),
      // Not checked against PODVM_INSTANCE_TYPE: CAA uses the default without consulting this
      // list (VerifyCloudInstanceType), and AWS 3.2's own example leaves t3.medium out of it.
      cm(PODVM_INSTANCE_TYPES, ValueRules.COMMA_LIST),
      // AWS 3.2, 3.4: the pod VM image job fills it in, so it is empty at first.
      cm(PODVM_AMI_ID),
      // CAA §4.3.
      cm(PODVM_LAUNCHTEMPLATE_NAME), cm(USE_PODVM_LAUNCHTEMPLATE, ValueRules.BOOLEAN),
      cm(SSH_KP_NAME), cm(USE_PUBLIC_IP, ValueRules.BOOLEAN),
      // OSC §4.2, §4.5 (the keys the credentials controller writes); CAA §4.3 for the token.
      secret(AWS_ACCESS_KEY_ID, true), secret(AWS_SECRET_ACCESS_KEY, true),
      secret(AWS_SESSION_TOKEN, false)));

  private static final ProviderKeys LIBVIRT_KEYS = new ProviderKeys(keys(
      // OSC §4.2: the libvirt guides of OSC 1.10/1.11 give ROOT_VOLUME_SIZE "default/min 6 GB".
      ROOT_VOLUME.withDefault("6"),
      // IBM Z 6.2.5 asks for pool and volume and marks only LIBVIRT_NET optional; the operator
      // required both as well (OSC §4.2, then in the secret).
      requiredCm(LIBVIRT_POOL),
      requiredCm(LIBVIRT_VOL_NAME),
      // IBM Z 6.2.5: "The default is /var/lib/libvirt/images/."
      cm(LIBVIRT_DIR_NAME).withDefault("/var/lib/libvirt/images/"),
      // IBM Z 6.2.5: "Optional: ... if you do not want to use the default network."
      cm(LIBVIRT_NET).withDefault("default"),
      // OSC §4.4: the pod VM image job fills it in.
      cm(LIBVIRT_IMAGE_ID),
      // CAA §4.4; its verifier wants CPU and memory above 0.
      cm(LIBVIRT_LAUNCH_SECURITY), cm(LIBVIRT_EFI_FIRMWARE), cm(LIBVIRT_CPUSET),
      cm(LIBVIRT_CPU, ValueRules.atLeast(1, "")),
      cm(LIBVIRT_MEMORY, ValueRules.atLeast(1, " (MiB)")),
      cm(LIBVIRT_ROOT_DISK_SIZE, ValueRules.atLeast(1, " (GiB)")),
      // IBM Z 6.2.4; HOST_KEY_CERTS from the operator's sample secret (OSC §4.2). The offline
      // token is needed only for an operator-built image, which this model cannot see.
      secret(LIBVIRT_URI, true), secret(REDHAT_OFFLINE_TOKEN, false),
      secret(HOST_KEY_CERTS, false)));

  private static final ProviderKeys AZURE_KEYS = new ProviderKeys(keys(
      // No ROOT_VOLUME_SIZE default: CAA §3.6 sizes Azure's root volume from the image.
      cm(TAGS, ValueRules.TAGS),
      // OSC §4.2: resource group and region by the operator, subnet by the CAA entrypoint.
      requiredCm(AZURE_RESOURCE_GROUP),
      requiredCm(AZURE_REGION),
      requiredCm(AZURE_SUBNET_ID),
      // OSC §4.4: the pod VM image job fills it in.
      cm(AZURE_IMAGE_ID),
      // CAA §4.6.
      cm(AZURE_INSTANCE_SIZE), cm(AZURE_INSTANCE_SIZES, ValueRules.COMMA_LIST),
      cm(AZURE_NSG_ID), cm(SSH_USERNAME), cm(ENABLE_SECURE_BOOT, ValueRules.BOOLEAN),
      cm(USE_PUBLIC_IP, ValueRules.BOOLEAN),
      // OSC §4.2, §4.5.
      secret(AZURE_CLIENT_ID, true), secret(AZURE_CLIENT_SECRET, true),
      secret(AZURE_TENANT_ID, true), secret(AZURE_SUBSCRIPTION_ID, true)));

  private static final ProviderKeys GCP_KEYS = new ProviderKeys(keys(
      // OSC §4.2: the GCP example config map of OSC 1.10 (VXLAN_PORT 9000, ROOT_VOLUME_SIZE 6).
      VXLAN.withDefault("9000"), ROOT_VOLUME.withDefault("6"),
      cm(TAGS, ValueRules.TAGS),
      // OSC §4.2 (the gcp image handler), CAA §4.6.
      requiredCm(GCP_PROJECT_ID),
      requiredCm(GCP_ZONE),
      // The OSC 1.10 example and CAA §4.6 agree.
      cm(GCP_MACHINE_TYPE).withDefault("e2-medium"),
      cm(GCP_INSTANCE_TYPES, ValueRules.COMMA_LIST),
      // CAA requires it at start-up, but like PODVM_AMI_ID the image job provides it (OSC §4.4).
      cm(PODVM_IMAGE_NAME),
      // CAA §4.6.
      cm(GCP_NETWORK), cm(GCP_SUBNETWORK), cm(GCP_DISK_TYPE), cm(GCP_CONFIDENTIAL_TYPE),
      cm(USE_PUBLIC_IP, ValueRules.BOOLEAN),
      // OSC §4.2 (the gcp image handler), CAA §4.6.
      secret(GCP_CREDENTIALS, true)));

  static ProviderKeys of(CloudProvider provider) {
    return switch (provider) {
      case AWS -> AWS_KEYS;
      case LIBVIRT -> LIBVIRT_KEYS;
      case AZURE -> AZURE_KEYS;
      case GCP -> GCP_KEYS;
    };
  }

  /**
   * CLOUD_PROVIDER itself, the shared keys except those the provider redefines (same name), then
   * the provider's own keys. IBM Z 6.2.4's example secret repeats CLOUD_PROVIDER.
   */
  private static List<KeySpec> keys(KeySpec... own) {
    List<KeySpec> all = new ArrayList<>();
    all.add(requiredCm(CLOUD_PROVIDER));
    all.add(secret(CLOUD_PROVIDER, false));
    for (KeySpec shared : SHARED) {
      if (List.of(own).stream().noneMatch(k -> k.name().equals(shared.name()))) {
        all.add(shared);
      }
    }
    all.addAll(List.of(own));
    return all;
  }
}
