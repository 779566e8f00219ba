package dev.osc.caa.cloud.libvirt;

import static dev.osc.api.PeerPodsKeys.DISABLECVM;
import static dev.osc.api.PeerPodsKeys.LIBVIRT_CPU;
import static dev.osc.api.PeerPodsKeys.LIBVIRT_CPUSET;
import static dev.osc.api.PeerPodsKeys.LIBVIRT_DIR_NAME;
import static dev.osc.api.PeerPodsKeys.LIBVIRT_DOMAIN_TYPE;
import static dev.osc.api.PeerPodsKeys.LIBVIRT_EFI_FIRMWARE;
import static dev.osc.api.PeerPodsKeys.LIBVIRT_IMAGE_ID;
import static dev.osc.api.PeerPodsKeys.LIBVIRT_LAUNCH_SECURITY;
import static dev.osc.api.PeerPodsKeys.LIBVIRT_MEMORY;
import static dev.osc.api.PeerPodsKeys.LIBVIRT_NET;
import static dev.osc.api.PeerPodsKeys.LIBVIRT_POOL;
import static dev.osc.api.PeerPodsKeys.LIBVIRT_ROOT_DISK_SIZE;
import static dev.osc.api.PeerPodsKeys.LIBVIRT_URI;
import static dev.osc.api.PeerPodsKeys.LIBVIRT_VOL_NAME;
import static dev.osc.api.PeerPodsKeys.TAGS;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The libvirt provider's configuration, read from the peer-pods ConfigMap and Secret keys with
 * the cloud-api-adaptor's defaults. A blank value counts as unset, as an empty ConfigMap entry
 * does for the adaptor.
 *
 * @param uri the libvirt connection URI; it may carry a user name, so {@link #toString} hides it
 * @param baseVolume the pod VM image volume that root disks are qcow2 overlays of
 * @param efiFirmware the UEFI code file on x86_64/aarch64 hosts
 * @param launchSecurity {@code s390-pv} for IBM Secure Execution, or empty
 * @param cpuset host CPUs the VMs may run on (libvirt cpuset syntax), or empty for any
 * @param tags the user's {@code TAGS}, added to every VM under the adaptor's own tags
 * @param domainType {@code kvm}, {@code qemu} or {@code auto}: see {@link DomainTypes}
 * @param poolDir where the image Job makes the pool when LIBVIRT_POOL does not exist (docs 6.2.5)
 */
public record LibvirtSettings(String uri, String pool, String network, String baseVolume,
    long vcpus, long memoryMiB, long rootDiskGiB, String launchSecurity, String efiFirmware,
    String cpuset, boolean disableCvm, Map<String, String> tags, String domainType,
    String poolDir) {

  public static final String DEFAULT_URI = "qemu+ssh://root@192.168.122.1/system?no_verify=1";
  public static final String DEFAULT_POOL = "default";
  public static final String DEFAULT_NETWORK = "default";
  public static final String DEFAULT_VOLUME = "podvm-base.qcow2";
  public static final long DEFAULT_VCPUS = 2;
  public static final long DEFAULT_MEMORY_MIB = 8192;
  public static final long DEFAULT_ROOT_DISK_GIB = 10;
  /** The documentation's default for LIBVIRT_DIR_NAME. */
  public static final String DEFAULT_POOL_DIR = "/var/lib/libvirt/images/";
  public static final String DEFAULT_EFI_FIRMWARE = "/usr/share/OVMF/OVMF_CODE_4M.fd";
  /** IBM Secure Execution (protected virtualization) on s390x: the only launch security here. */
  public static final String S390_PV = "s390-pv";

  private static final Pattern CPUSET = Pattern.compile("\\^?\\d+(-\\d+)?(,\\^?\\d+(-\\d+)?)*");

  public LibvirtSettings {
    tags = Map.copyOf(tags);
  }

  /** Reads and checks every key; the error lists each bad key with the reason. */
  public static LibvirtSettings from(Map<String, String> env) {
    Reader r = new Reader(env);
    String uri = r.string(LIBVIRT_URI, DEFAULT_URI);
    r.check(LIBVIRT_URI, hasScheme(uri), "must be a libvirt URI such as qemu+ssh://host/system");
    // LIBVIRT_IMAGE_ID is our documentation's name for the base image volume: it wins when set.
    String volume = r.string(LIBVIRT_IMAGE_ID, r.string(LIBVIRT_VOL_NAME, DEFAULT_VOLUME));
    String launchSecurity = r.string(LIBVIRT_LAUNCH_SECURITY, "");
    r.check(LIBVIRT_LAUNCH_SECURITY, launchSecurity.isEmpty() || launchSecurity.equals(S390_PV),
        "must be empty or " + S390_PV + ", got '" + launchSecurity + "'");
    boolean disableCvm = r.bool(DISABLECVM, true);
    r.check(LIBVIRT_LAUNCH_SECURITY, disableCvm || !launchSecurity.isEmpty(),
        "must be " + S390_PV + " when " + DISABLECVM + "=false: it is the only confidential VM"
            + " type this provider launches");
    String cpuset = r.string(LIBVIRT_CPUSET, "");
    r.check(LIBVIRT_CPUSET, cpuset.isEmpty() || CPUSET.matcher(cpuset).matches(),
        "must be a CPU list such as 0-3,^2, got '" + cpuset + "'");
    String domainType = r.string(LIBVIRT_DOMAIN_TYPE, DomainTypes.AUTO);
    r.check(LIBVIRT_DOMAIN_TYPE, DomainTypes.SETTINGS.contains(domainType),
        "must be one of " + String.join(", ", DomainTypes.SETTINGS) + ", got '" + domainType + "'");
    String poolDir = r.string(LIBVIRT_DIR_NAME, DEFAULT_POOL_DIR);
    r.check(LIBVIRT_DIR_NAME, poolDir.startsWith("/"), "must be an absolute directory path, got '"
        + poolDir + "'");
    LibvirtSettings settings = new LibvirtSettings(uri, r.string(LIBVIRT_POOL, DEFAULT_POOL),
        r.string(LIBVIRT_NET, DEFAULT_NETWORK), volume, r.positive(LIBVIRT_CPU, DEFAULT_VCPUS),
        r.positive(LIBVIRT_MEMORY, DEFAULT_MEMORY_MIB),
        r.positive(LIBVIRT_ROOT_DISK_SIZE, DEFAULT_ROOT_DISK_GIB), launchSecurity,
        r.string(LIBVIRT_EFI_FIRMWARE, DEFAULT_EFI_FIRMWARE), cpuset, disableCvm, r.tags(TAGS),
        domainType, poolDir);
    r.throwIfInvalid();
    return settings;
  }

  /** Confidential VMs only when asked for: {@code DISABLECVM} defaults to true for libvirt. */
  public boolean secureExecution() {
    return !disableCvm && launchSecurity.equals(S390_PV);
  }

  @Override
  public String toString() {
    return "LibvirtSettings[uri=" + redacted(uri) + ", pool=" + pool + ", network=" + network
        + ", baseVolume=" + baseVolume + ", vcpus=" + vcpus + ", memoryMiB=" + memoryMiB
        + ", rootDiskGiB=" + rootDiskGiB + ", launchSecurity=" + launchSecurity
        + ", efiFirmware=" + efiFirmware + ", cpuset=" + cpuset + ", disableCvm=" + disableCvm
        + ", tags=" + tags + ", domainType=" + domainType + ", poolDir=" + poolDir + "]";
  }

  /** The URI without user, password or query (which may name key files): scheme, host, path. */
  static String redacted(String uri) {
    try {
      URI u = new URI(uri);
      String user = u.getRawUserInfo() == null ? "" : "***@";
      String host = u.getHost() == null ? "" : u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
      String query = u.getRawQuery() == null ? "" : "?***";
      return u.getScheme() + "://" + user + host + (u.getRawPath() == null ? "" : u.getRawPath())
          + query;
    } catch (URISyntaxException e) {
      return "***";
    }
  }

  private static boolean hasScheme(String uri) {
    try {
      return new URI(uri).getScheme() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Reads keys, collecting every problem so that one error message names them all. */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    String string(String key, String fallback) {
      String value = env.get(key);
      return value == null || value.isBlank() ? fallback : value.trim();
    }

    long positive(String key, long fallback) {
      String value = string(key, null);
      if (value == null) {
        return fallback;
      }
      try {
        long parsed = Long.parseLong(value);
        check(key, parsed > 0, "must be a positive integer, got '" + value + "'");
        return parsed;
      } catch (NumberFormatException e) {
        problems.add(key + ": must be a positive integer, got '" + value + "'");
        return fallback;
      }
    }

    boolean bool(String key, boolean fallback) {
      String value = string(key, null);
      if (value == null) {
        return fallback;
      }
      if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(value);
      }
      problems.add(key + ": must be true or false, got '" + value + "'");
      return fallback;
    }

    /** {@code k1=v1,k2=v2}, as the adaptor's TAGS flag takes them. */
    Map<String, String> tags(String key) {
      Map<String, String> tags = new LinkedHashMap<>();
      String value = string(key, "");
      for (String pair : value.isEmpty() ? new String[0] : value.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0 || pair.substring(0, eq).isBlank()) {
          problems.add(key + ": each entry must be key=value, got '" + pair + "'");
        } else {
          tags.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
      }
      return tags;
    }

    void check(String key, boolean ok, String reason) {
      if (!ok) {
        problems.add(key + ": " + reason);
      }
    }

    void throwIfInvalid() {
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid libvirt settings: " + String.join("; ", problems));
      }
    }
  }
}
