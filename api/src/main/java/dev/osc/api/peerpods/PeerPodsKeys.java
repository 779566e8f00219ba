package dev.osc.api.peerpods;

import static dev.osc.api.peerpods.Provider.AWS;
import static dev.osc.api.peerpods.Provider.LIBVIRT;
import static dev.osc.api.peerpods.Provider.LOCAL;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one catalog of peer-pods configuration keys: ConfigMap {@code peer-pods-cm}, Secret {@code
 * peer-pods-secret} (both in the operator namespace, the adaptor's {@code envFrom}) and the
 * adaptor's own environment. The operator validates with it, the adaptor and the image Jobs read
 * with it ({@link PeerPodsSettings}), so both sides accept the same values with the same effective
 * defaults.
 *
 * <p>Sources: "AWS n" and "IBM Z n" are chapters of the seed guides (OSC 1.12 on AWS, OSC on IBM
 * Z); "OSC §n" and "CAA §n" are sections of the reference notes osc-operator.md and
 * cloud-api-adaptor.md. Defaults: the guides' where they give one (they win over upstream's
 * adaptor, e.g. ROOT_VOLUME_SIZE 6, not 30), else upstream's adaptor's.
 */
public final class PeerPodsKeys {
  private PeerPodsKeys() {}

  public static final String CONFIG_MAP = "peer-pods-cm";
  public static final String SECRET = "peer-pods-secret";

  /**
   * Registry credentials (key {@code auth.json}, containers-auth.json format), mounted optionally
   * into the adaptor and the pod VM image Jobs, where {@code oci::} images are pulled with them.
   */
  public static final String AUTH_JSON_SECRET = "auth-json-secret";

  public static final String AUTH_JSON_KEY = "auth.json";

  /** Where the image Jobs mount {@link #AUTH_JSON_SECRET}, as upstream's Jobs do. */
  public static final String IMAGE_JOB_AUTH_DIR = "/tmp/regauth";

  /** The containers tools' variable naming an auth.json to use instead. */
  public static final String REGISTRY_AUTH_FILE = "REGISTRY_AUTH_FILE";

  // Every provider. IBM Z 6.2.4's example secret repeats CLOUD_PROVIDER; it must then agree.
  public static final Key<Provider> CLOUD_PROVIDER =
      cm("CLOUD_PROVIDER", Parsers.PROVIDER)
          .required()
          .help("where pod VMs are made: aws or libvirt");

  /**
   * AWS 3.2, IBM Z 6.2.5: "The default value is 10." The PeerPodConfig's first {@code spec.limit},
   * which becomes the node's kata.peerpods.io/vm capacity: the limit the adaptor enforces.
   */
  public static final Key<Integer> PEERPODS_LIMIT_PER_NODE =
      cm("PEERPODS_LIMIT_PER_NODE", Parsers.atLeast(0, ""))
          .byDefault("10")
          .help(
              "pod VMs one node may run: the PeerPodConfig's first limit; the adaptor enforces"
                  + " its node's kata.peerpods.io/vm capacity, this only while there is none");

  /** AWS 3.2 example; CAA §4.2 default. */
  public static final Key<Duration> PROXY_TIMEOUT =
      cm("PROXY_TIMEOUT", Parsers.DURATION)
          .byDefault("5m")
          .help("how long a pod VM may take to answer");

  /**
   * Every guide's example; the operator writes "true" unless the confidential gate is on (OSC
   * §4.8), while CAA's AWS default (false) would ask for SEV-SNP instances.
   */
  public static final Key<Boolean> DISABLECVM =
      cm("DISABLECVM", Parsers.BOOLEAN)
          .byDefault("true")
          .help("true: plain VMs; false: confidential VMs");

  /** The pod network tunnel's UDP port: AWS 3.1 opens 9000 for it; CAA's own default is 4789. */
  public static final Key<Integer> VXLAN_PORT =
      cm("VXLAN_PORT", Parsers.PORT)
          .byDefault("4789")
          .byDefault(AWS, "9000")
          .help("UDP port of the pod network tunnel");

  /**
   * The first VXLAN id (VNI) of this node's pod tunnels: upstream's vxlan.DefaultVXLANMinID
   * (upstream reads it only as the flag -vxlan-min-id). VNIs are 24 bits.
   */
  public static final Key<Integer> VXLAN_MIN_ID =
      cm("VXLAN_MIN_ID", Parsers.between(1, (1 << 24) - 1, ""))
          .byDefault("555000")
          .help("first VXLAN id of this node's pod tunnels");

  /**
   * The pod network tunnel: vxlan (upstream's podnetwork.DefaultTunnelType and its env
   * TUNNEL_TYPE), or none (ours: no tunnel, for local VMs without a pod namespace).
   */
  public static final Key<String> TUNNEL_TYPE =
      cm("TUNNEL_TYPE", Parsers.matching(Pattern.compile("vxlan|none"), "vxlan or none"))
          .byDefault("vxlan")
          .help("the pod network tunnel: vxlan or none");

  /**
   * The worker's interface whose address ends the pod tunnels; unset: the interface of the default
   * route (upstream's flag -host-interface).
   */
  public static final Key<String> HOST_INTERFACE =
      cm("HOST_INTERFACE", Parsers.TEXT)
          .help("worker interface the tunnels use (unset: the default route's)");

  /**
   * The pod VMs' minimum TLS version; unset: TLS 1.2 and 1.3. Upstream's env TLS_MIN_VERSION,
   * written into apf.json as tls-min-version.
   */
  public static final Key<String> TLS_MIN_VERSION =
      cm(
              "TLS_MIN_VERSION",
              Parsers.matching(
                  Pattern.compile("VersionTLS12|VersionTLS13"), "VersionTLS12 or VersionTLS13"))
          .help("pod VMs' minimum TLS: VersionTLS12 or VersionTLS13");

  /**
   * The pod VMs' TLS 1.2 cipher suites, IANA names; unset: the defaults. Upstream's env
   * TLS_CIPHER_SUITES, written into apf.json as tls-cipher-suites.
   */
  public static final Key<List<String>> TLS_CIPHER_SUITES =
      cm("TLS_CIPHER_SUITES", Parsers.CIPHER_SUITES)
          .help("pod VMs' TLS 1.2 cipher suites, IANA names");

  /** AWS 3.2: "The default and minimum size is 6 GB." (GB). */
  public static final Key<Integer> ROOT_VOLUME_SIZE =
      cm("ROOT_VOLUME_SIZE", Parsers.atLeast(6, " (GB)"))
          .byDefault("6")
          .help("pod VM root volume, GB");

  /** CAA §4.2; AWS 3.1 opens 15150 for it: the forwarder's port in each pod VM. */
  public static final Key<Integer> FORWARDER_PORT =
      cm("FORWARDER_PORT", Parsers.PORT)
          .byDefault("15150")
          .help("the forwarder's port in each pod VM");

  /** AWS 3.2 "key1=value1,key2=value2": tags of every pod VM. */
  public static final Key<Map<String, String>> TAGS =
      cm("TAGS", Parsers.KEY_VALUE_PAIRS).help("key=value,... added to every pod VM");

  /** The default initdata of pods without their own (raw TOML, or gzip+base64). */
  public static final Key<String> INITDATA =
      cm("INITDATA", Parsers.INITDATA)
          .hidingValue()
          .help("initdata for pods without their own (TOML, or gzip+base64)");

  /** Forwarder TLS from files instead of the adaptor's own CA (CAA §4.2). */
  public static final Key<Path> CACERT_FILE =
      cm("CACERT_FILE", Parsers.PATH).help("your CA for the forwarders (with CERT_FILE, CERT_KEY)");

  public static final Key<Path> CERT_FILE =
      cm("CERT_FILE", Parsers.PATH).help("the adaptor's client certificate, issued by CACERT_FILE");
  public static final Key<Path> CERT_KEY = cm("CERT_KEY", Parsers.PATH).help("its key");
  // OSC §4.2: the rest of the CAA entrypoint's common keys, passed through.
  public static final Key<String> PAUSE_IMAGE =
      cm("PAUSE_IMAGE", Parsers.TEXT).help("passed on to the pod VM");
  public static final Key<String> TLS_SKIP_VERIFY =
      cm("TLS_SKIP_VERIFY", Parsers.TEXT).help("passed on");
  public static final Key<String> CLOUD_CONFIG_VERIFY =
      cm("CLOUD_CONFIG_VERIFY", Parsers.TEXT).help("passed on");
  public static final Key<String> SECURE_COMMS = cm("SECURE_COMMS", Parsers.TEXT).help("passed on");
  public static final Key<String> SECURE_COMMS_INBOUNDS =
      cm("SECURE_COMMS_INBOUNDS", Parsers.TEXT).help("passed on");
  public static final Key<String> SECURE_COMMS_OUTBOUNDS =
      cm("SECURE_COMMS_OUTBOUNDS", Parsers.TEXT).help("passed on");
  public static final Key<String> SECURE_COMMS_KBS_ADDR =
      cm("SECURE_COMMS_KBS_ADDR", Parsers.TEXT).help("passed on");

  // aws
  /** AWS 3.2 example; CAA's own default is m6a.large (CAA §3.4). */
  public static final Key<String> PODVM_INSTANCE_TYPE =
      cm("PODVM_INSTANCE_TYPE", Parsers.TEXT)
          .only(AWS)
          .byDefault("t3.medium")
          .help("instance type of pods that ask for none");

  /**
   * Not checked against PODVM_INSTANCE_TYPE: CAA uses the default without consulting this list, and
   * AWS 3.2's own example leaves t3.medium out of it.
   */
  public static final Key<List<String>> PODVM_INSTANCE_TYPES =
      cm("PODVM_INSTANCE_TYPES", Parsers.LIST_WITHOUT_SPACES)
          .only(AWS)
          .help("allowed instance types, comma-separated without spaces");

  /**
   * AWS 3.2, 3.4: the pod VM image Job fills it in, so it is empty at first; the adaptor refuses to
   * make VMs until it is set.
   */
  public static final Key<String> PODVM_AMI_ID =
      cm("PODVM_AMI_ID", Parsers.TEXT)
          .only(AWS)
          .help("the pod VM image; the image Job fills it in");

  // OSC §4.2: the operator refuses to build the pod VM image without these.
  public static final Key<String> AWS_REGION =
      cm("AWS_REGION", Parsers.TEXT).only(AWS).required().help("the region");
  public static final Key<String> AWS_SUBNET_ID =
      cm("AWS_SUBNET_ID", Parsers.TEXT).only(AWS).required().help("subnet of the pod VMs");
  public static final Key<String> AWS_VPC_ID =
      cm("AWS_VPC_ID", Parsers.TEXT).only(AWS).required().help("VPC of the cluster");
  public static final Key<List<String>> AWS_SG_IDS =
      cm("AWS_SG_IDS", Parsers.LIST_WITHOUT_SPACES)
          .only(AWS)
          .required()
          .help("security groups, comma-separated");
  // CAA §4.3.
  public static final Key<String> PODVM_LAUNCHTEMPLATE_NAME =
      cm("PODVM_LAUNCHTEMPLATE_NAME", Parsers.TEXT).only(AWS).help("launch template");
  public static final Key<Boolean> USE_PODVM_LAUNCHTEMPLATE =
      cm("USE_PODVM_LAUNCHTEMPLATE", Parsers.BOOLEAN)
          .only(AWS)
          .byDefault("false")
          .help("launch from PODVM_LAUNCHTEMPLATE_NAME");
  public static final Key<String> SSH_KP_NAME =
      cm("SSH_KP_NAME", Parsers.TEXT).only(AWS).help("EC2 key pair of the pod VMs");
  public static final Key<Boolean> USE_PUBLIC_IP =
      cm("USE_PUBLIC_IP", Parsers.BOOLEAN)
          .only(AWS)
          .byDefault("false")
          .help("reach pod VMs at their public address");

  /** Ours, the SDK's name: an EC2 endpoint instead of the region's (VPC endpoints, emulators). */
  public static final Key<URI> AWS_ENDPOINT_URL =
      cm("AWS_ENDPOINT_URL", Parsers.uri("an http(s) URL", "http", "https"))
          .only(AWS)
          .help("an EC2 endpoint instead of the region's");

  /**
   * Ours: EC2 calls one adaptor has in flight at once; more wait for a slot. EC2 throttles each
   * account by request rate, so a burst of pods is better queued here than answered with
   * RequestLimitExceeded (retried with backoff either way).
   */
  public static final Key<Integer> AWS_MAX_CONCURRENT_CALLS =
      cm("AWS_MAX_CONCURRENT_CALLS", Parsers.between(1, 1000, ""))
          .only(AWS)
          .byDefault("10")
          .help("EC2 calls in flight at once per adaptor");

  // OSC §4.2, §4.5 (the keys the credentials controller writes); CAA §4.3 for the token.
  public static final Key<String> AWS_ACCESS_KEY_ID =
      secret("AWS_ACCESS_KEY_ID", Parsers.TEXT).only(AWS).required().help("credentials");
  public static final Key<String> AWS_SECRET_ACCESS_KEY =
      secret("AWS_SECRET_ACCESS_KEY", Parsers.TEXT).only(AWS).required().help("credentials");
  public static final Key<String> AWS_SESSION_TOKEN =
      secret("AWS_SESSION_TOKEN", Parsers.TEXT).only(AWS).help("credentials");

  // libvirt
  /**
   * IBM Z 6.2.4: in the secret; required, as the operator required it (OSC §4.2). It may carry a
   * user name, so messages never quote it.
   */
  public static final Key<URI> LIBVIRT_URI =
      secret("LIBVIRT_URI", Parsers.uri("a libvirt URI such as qemu+ssh://host/system"))
          .only(LIBVIRT)
          .required()
          .help("libvirt connection, e.g. qemu+ssh://root@host/system");

  /** IBM Z 6.2.5 asks for pool and volume and marks only LIBVIRT_NET optional (OSC §4.2). */
  public static final Key<String> LIBVIRT_POOL =
      cm("LIBVIRT_POOL", Parsers.TEXT)
          .only(LIBVIRT)
          .required()
          .help("storage pool of the pod VM volumes");

  public static final Key<String> LIBVIRT_VOL_NAME =
      cm("LIBVIRT_VOL_NAME", Parsers.TEXT).only(LIBVIRT).required().help("the pod VM image volume");

  /** IBM Z 6.2.5: "The default is /var/lib/libvirt/images/." */
  public static final Key<String> LIBVIRT_DIR_NAME =
      cm("LIBVIRT_DIR_NAME", Parsers.ABSOLUTE_PATH)
          .only(LIBVIRT)
          .byDefault("/var/lib/libvirt/images/")
          .help("the pool's directory, where the image Job makes it");

  /** IBM Z 6.2.5: "Optional: ... if you do not want to use the default network." */
  public static final Key<String> LIBVIRT_NET =
      cm("LIBVIRT_NET", Parsers.TEXT)
          .only(LIBVIRT)
          .byDefault("default")
          .help("libvirt network of the pod VMs");

  /** OSC §4.4: the pod VM image Job fills it in; the base volume's name when set. */
  public static final Key<String> LIBVIRT_IMAGE_ID =
      cm("LIBVIRT_IMAGE_ID", Parsers.TEXT)
          .only(LIBVIRT)
          .help("the image volume the image Job made; wins over LIBVIRT_VOL_NAME");

  /** IBM Secure Execution (protected virtualization) on s390x: the only launch security here. */
  public static final String S390_PV = "s390-pv";

  // CAA §4.4.
  public static final Key<String> LIBVIRT_LAUNCH_SECURITY =
      cm(
              "LIBVIRT_LAUNCH_SECURITY",
              Parsers.matching(Pattern.compile(Pattern.quote(S390_PV)), S390_PV))
          .only(LIBVIRT)
          .help("s390-pv: IBM Secure Execution");
  public static final Key<String> LIBVIRT_EFI_FIRMWARE =
      cm("LIBVIRT_EFI_FIRMWARE", Parsers.TEXT)
          .only(LIBVIRT)
          .byDefault("/usr/share/OVMF/OVMF_CODE_4M.fd")
          .help("UEFI code file on x86_64 and aarch64 hosts");
  public static final Key<String> LIBVIRT_CPUSET =
      cm(
              "LIBVIRT_CPUSET",
              Parsers.matching(
                  Pattern.compile("\\^?\\d+(-\\d+)?(,\\^?\\d+(-\\d+)?)*"),
                  "a CPU list such as 0-3,^2"))
          .only(LIBVIRT)
          .help("host CPUs the pod VMs may use, e.g. 0-3,^2");
  // CAA §4.4: its verifier wants CPU and memory above 0.
  public static final Key<Integer> LIBVIRT_CPU =
      cm("LIBVIRT_CPU", Parsers.atLeast(1, ""))
          .only(LIBVIRT)
          .byDefault("2")
          .help("vCPUs of pods that ask for none");
  public static final Key<Integer> LIBVIRT_MEMORY =
      cm("LIBVIRT_MEMORY", Parsers.atLeast(1, " (MiB)"))
          .only(LIBVIRT)
          .byDefault("8192")
          .help("MiB of pods that ask for none");
  public static final Key<Integer> LIBVIRT_ROOT_DISK_SIZE =
      cm("LIBVIRT_ROOT_DISK_SIZE", Parsers.atLeast(1, " (GiB)"))
          .only(LIBVIRT)
          .byDefault("10")
          .help("root disk, GiB");

  /**
   * Ours (upstream always asks for kvm): the libvirt domain type, kvm, qemu (TCG emulation) or
   * auto: kvm unless the libvirt host is itself a VM, where nested KVM often cannot boot Linux.
   */
  public static final Key<String> LIBVIRT_DOMAIN_TYPE =
      cm(
              "LIBVIRT_DOMAIN_TYPE",
              Parsers.matching(Pattern.compile("auto|kvm|qemu"), "auto, kvm or qemu"))
          .only(LIBVIRT)
          .byDefault("auto")
          .help("domain type: kvm, qemu (emulated) or auto (qemu when the host is a VM)");

  /** The offline token is needed only for an operator-built image (OSC §4.2). */
  public static final Key<String> REDHAT_OFFLINE_TOKEN =
      secret("REDHAT_OFFLINE_TOKEN", Parsers.TEXT)
          .only(LIBVIRT)
          .help("for an image built by the operator");

  public static final Key<String> HOST_KEY_CERTS =
      secret("HOST_KEY_CERTS", Parsers.TEXT)
          .only(LIBVIRT)
          .help("IBM Secure Execution host key documents");

  // The adaptor's own environment: the DaemonSet sets these (downward API), or a user by hand.
  public static final Key<String> NODE_NAME =
      env("NODE_NAME", Parsers.TEXT).help("this node (the DaemonSet sets it)");

  /** Where the Kata shim calls the adaptor (the kata-remote configuration's socket). */
  public static final Key<Path> REMOTE_HYPERVISOR_ENDPOINT =
      env("REMOTE_HYPERVISOR_ENDPOINT", Parsers.PATH)
          .byDefault("/run/peerpod/hypervisor.sock")
          .help("the socket the Kata shim calls");

  /** Where each sandbox's agent socket lives. */
  public static final Key<Path> PODS_DIR =
      env("PODS_DIR", Parsers.PATH)
          .byDefault("/run/peerpod/pods")
          .help("where each sandbox's agent socket lives");

  /** How often VMs and PeerPod records are reconciled. */
  public static final Key<Duration> JANITOR_INTERVAL =
      env("JANITOR_INTERVAL", Parsers.DURATION)
          .byDefault("1m")
          .help("how often VMs and PeerPods are reconciled");

  /** Where Prometheus scrapes /metrics over HTTPS, 0 for none; a port of the peer-pods range. */
  public static final Key<Integer> METRICS_PORT =
      env("METRICS_PORT", Parsers.between(0, 65535, ""))
          .byDefault("15160")
          .help("/metrics and /healthz over HTTPS; 0: off");

  /** Where the adaptor keeps the CA that signs each VM's forwarder certificate. */
  public static final Key<Path> FORWARDER_CA_DIR =
      env("FORWARDER_CA_DIR", Parsers.PATH)
          .byDefault("/run/peerpod/ca")
          .help("this node's CA for the forwarders, kept across restarts");

  /** The local provider's simulated cloud latency per launch and delete. */
  public static final Key<Duration> LOCAL_LATENCY =
      env("LOCAL_LATENCY", Parsers.DURATION)
          .only(LOCAL)
          .byDefault("0")
          .help("simulated cloud latency per launch and delete");

  /** Every key, in the order above (read from the fields, so none can be left out). */
  public static final List<Key<?>> ALL = declaredKeys();

  /** The key of that name, if it is one. */
  public static Optional<Key<?>> named(String name) {
    return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
  }

  private static <T> Key<T> cm(String name, Parser<T> parser) {
    return Key.of(name, Source.CONFIG_MAP, parser);
  }

  private static <T> Key<T> secret(String name, Parser<T> parser) {
    return Key.of(name, Source.SECRET, parser);
  }

  private static <T> Key<T> env(String name, Parser<T> parser) {
    return Key.of(name, Source.ENVIRONMENT, parser);
  }

  private static List<Key<?>> declaredKeys() {
    List<Key<?>> keys = new ArrayList<>();
    for (Field field : PeerPodsKeys.class.getDeclaredFields()) {
      if (field.getType() == Key.class && Modifier.isStatic(field.getModifiers())) {
        try {
          keys.add((Key<?>) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("the catalog's own field " + field.getName(), e);
        }
      }
    }
    return List.copyOf(keys);
  }
}
