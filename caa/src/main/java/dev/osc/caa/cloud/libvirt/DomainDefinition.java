package dev.osc.caa.cloud.libvirt;

import static dev.osc.caa.cloud.libvirt.Xml.escape;

import java.util.Map;
import java.util.TreeMap;

/**
 * A pod VM's libvirt domain: root disk (a qcow2 overlay), the cloud-init seed as a read-only disk,
 * one NIC on the libvirt network, a serial console, and the identity tags in {@code <metadata>}
 * under {@link #TAGS_NAMESPACE} so that they survive with the domain itself. Both disks are virtio:
 * every architecture has it, and cloud-init finds the seed by its label whatever the bus.
 *
 * @param efiFirmware the UEFI code file, or empty to boot without UEFI
 * @param secureExecution IBM Secure Execution: launch security s390-pv, which needs virtio devices
 *     behind the IOMMU and no memory balloon
 */
record DomainDefinition(
    String name,
    HostCapabilities host,
    long vcpus,
    long memoryMiB,
    String cpuset,
    String rootDiskPath,
    String seedPath,
    String network,
    String efiFirmware,
    boolean secureExecution,
    Map<String, String> tags) {

  static final String TAGS_NAMESPACE = "https://osc.dev/peerpods";
  static final String TAGS_ELEMENT = "tags";
  static final String TAG_ELEMENT = "tag";
  static final String KEY = "key";
  static final String VALUE = "value";
  private static final String PREFIX = "osc";
  static final int TCG_CACHE_MIB = 256;

  String toXml() {
    String iommu = secureExecution ? " iommu='on'" : "";
    StringBuilder x = new StringBuilder();
    x.append("<domain type='").append(host.domainType()).append("'>\n");
    x.append("  <name>").append(escape(name)).append("</name>\n");
    x.append("  <metadata>\n    <")
        .append(PREFIX)
        .append(':')
        .append(TAGS_ELEMENT)
        .append(" xmlns:")
        .append(PREFIX)
        .append("='")
        .append(TAGS_NAMESPACE)
        .append("'>\n");
    new TreeMap<>(tags)
        .forEach(
            (k, v) ->
                x.append("      <")
                    .append(PREFIX)
                    .append(':')
                    .append(TAG_ELEMENT)
                    .append(' ')
                    .append(KEY)
                    .append("='")
                    .append(escape(k))
                    .append("' ")
                    .append(VALUE)
                    .append("='")
                    .append(escape(v))
                    .append("'/>\n"));
    x.append("    </").append(PREFIX).append(':').append(TAGS_ELEMENT).append(">\n  </metadata>\n");
    x.append("  <memory unit='MiB'>").append(memoryMiB).append("</memory>\n");
    x.append("  <vcpu placement='static'")
        .append(cpuset.isEmpty() ? "" : " cpuset='" + escape(cpuset) + "'")
        .append('>')
        .append(vcpus)
        .append("</vcpu>\n");
    x.append("  <os>\n    <type arch='").append(host.arch()).append("'>hvm</type>\n");
    if (host.usesUefi() && !efiFirmware.isEmpty()) {
      x.append("    <loader readonly='yes' type='pflash'>")
          .append(escape(efiFirmware))
          .append("</loader>\n");
    }
    x.append("    <boot dev='hd'/>\n  </os>\n");
    boolean emulated = host.domainType().equals(DomainTypes.QEMU);
    if (!host.isS390() || emulated) {
      x.append("  <features>\n");
      if (!host.isS390()) {
        // UEFI firmware needs ACPI ("UEFI requires ACPI on this architecture").
        x.append("    <acpi/>\n    <apic/>\n");
      }
      if (emulated) {
        // TCG's translation cache defaults to 1 GiB per VM, mostly touched: cap it.
        x.append("    <tcg>\n      <tb-cache unit='MiB'>")
            .append(TCG_CACHE_MIB)
            .append("</tb-cache>\n    </tcg>\n");
      }
      x.append("  </features>\n");
    }
    if (host.domainType().equals(HostCapabilities.KVM)) {
      x.append("  <cpu mode='host-model'/>\n");
    }
    x.append("  <devices>\n");
    x.append("    <disk type='file' device='disk'>\n      <driver name='qemu' type='qcow2'")
        .append(iommu)
        .append("/>\n      <source file='")
        .append(escape(rootDiskPath))
        .append("'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>\n");
    x.append("    <disk type='file' device='disk'>\n      <driver name='qemu' type='raw'")
        .append(iommu)
        .append("/>\n      <source file='")
        .append(escape(seedPath))
        .append("'/>\n      <target dev='vdb' bus='virtio'/>\n      <readonly/>\n    </disk>\n");
    x.append("    <interface type='network'>\n      <source network='")
        .append(escape(network))
        .append("'/>\n      <model type='virtio'/>\n")
        .append(secureExecution ? "      <driver iommu='on'/>\n" : "")
        .append("    </interface>\n");
    if (host.isS390()) {
      x.append("    <console type='pty'>\n      <target type='sclp' port='0'/>\n    </console>\n");
    } else {
      x.append("    <serial type='pty'>\n      <target port='0'/>\n    </serial>\n");
      x.append(
          "    <console type='pty'>\n      <target type='serial' port='0'/>\n    </console>\n");
    }
    if (secureExecution) {
      x.append("    <memballoon model='none'/>\n");
    }
    x.append("  </devices>\n");
    if (secureExecution) {
      x.append("  <launchSecurity type='")
          .append(dev.osc.api.peerpods.PeerPodsKeys.S390_PV)
          .append("'/>\n");
    }
    return x.append("</domain>\n").toString();
  }
}
