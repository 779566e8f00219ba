package dev.osc.caa.cloud.libvirt;

import static dev.osc.api.peerpods.PeerPodsKeys.DISABLECVM;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_CPU;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_CPUSET;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_DIR_NAME;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_DOMAIN_TYPE;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_EFI_FIRMWARE;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_IMAGE_ID;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_LAUNCH_SECURITY;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_MEMORY;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_NET;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_POOL;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_ROOT_DISK_SIZE;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_URI;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_VOL_NAME;
import static dev.osc.api.peerpods.PeerPodsKeys.S390_PV;

import dev.osc.api.peerpods.PeerPodsSettings;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The libvirt provider's view of the peer-pods configuration (already checked, defaults applied).
 *
 * @param uri the libvirt connection URI; it may carry a user name, so {@link #toString} hides it
 * @param baseVolume the pod VM image volume that root disks are qcow2 overlays of: LIBVIRT_IMAGE_ID
 *     (our documentation's name, set by the image Job) or LIBVIRT_VOL_NAME
 * @param efiFirmware the UEFI code file on x86_64/aarch64 hosts
 * @param launchSecurity {@code s390-pv} for IBM Secure Execution, or empty
 * @param cpuset host CPUs the VMs may run on (libvirt cpuset syntax), or empty for any
 * @param domainType {@code kvm}, {@code qemu} or {@code auto}: see {@link DomainTypes}
 * @param poolDir where the image Job makes the pool when LIBVIRT_POOL does not exist (docs 6.2.5)
 */
public record LibvirtSettings(
    String uri,
    String pool,
    String network,
    String baseVolume,
    long vcpus,
    long memoryMiB,
    long rootDiskGiB,
    String launchSecurity,
    String efiFirmware,
    String cpuset,
    boolean disableCvm,
    String domainType,
    String poolDir) {

  public static LibvirtSettings from(PeerPodsSettings s) {
    String image = s.get(LIBVIRT_IMAGE_ID);
    return new LibvirtSettings(
        s.get(LIBVIRT_URI).toString(),
        s.get(LIBVIRT_POOL),
        s.get(LIBVIRT_NET),
        image != null ? image : s.get(LIBVIRT_VOL_NAME),
        s.get(LIBVIRT_CPU),
        s.get(LIBVIRT_MEMORY),
        s.get(LIBVIRT_ROOT_DISK_SIZE),
        s.get(LIBVIRT_LAUNCH_SECURITY) == null ? "" : s.get(LIBVIRT_LAUNCH_SECURITY),
        s.get(LIBVIRT_EFI_FIRMWARE),
        s.get(LIBVIRT_CPUSET) == null ? "" : s.get(LIBVIRT_CPUSET),
        s.get(DISABLECVM),
        s.get(LIBVIRT_DOMAIN_TYPE),
        s.get(LIBVIRT_DIR_NAME));
  }

  /** Confidential VMs only when asked for: {@code DISABLECVM} defaults to true. */
  public boolean secureExecution() {
    return !disableCvm && launchSecurity.equals(S390_PV);
  }

  @Override
  public String toString() {
    return "LibvirtSettings[uri="
        + redacted(uri)
        + ", pool="
        + pool
        + ", network="
        + network
        + ", baseVolume="
        + baseVolume
        + ", vcpus="
        + vcpus
        + ", memoryMiB="
        + memoryMiB
        + ", rootDiskGiB="
        + rootDiskGiB
        + ", launchSecurity="
        + launchSecurity
        + ", efiFirmware="
        + efiFirmware
        + ", cpuset="
        + cpuset
        + ", disableCvm="
        + disableCvm
        + ", domainType="
        + domainType
        + ", poolDir="
        + poolDir
        + "]";
  }

  /** The URI without user, password or query (which may name key files): scheme, host, path. */
  static String redacted(String uri) {
    try {
      URI u = new URI(uri);
      String user = u.getRawUserInfo() == null ? "" : "***@";
      String host =
          u.getHost() == null ? "" : u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
      String query = u.getRawQuery() == null ? "" : "?***";
      return u.getScheme()
          + "://"
          + user
          + host
          + (u.getRawPath() == null ? "" : u.getRawPath())
          + query;
    } catch (URISyntaxException e) {
      return "***";
    }
  }
}
