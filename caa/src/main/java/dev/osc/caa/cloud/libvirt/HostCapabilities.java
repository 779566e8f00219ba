package dev.osc.caa.cloud.libvirt;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * What the libvirt host runs: its CPU architecture, and the domain type to ask for, from {@code
 * virConnectGetCapabilities}: the types its guests of that architecture support ({@code test} for
 * the test driver, {@code qemu} for emulation, {@code kvm}) and whether the host is itself a VM,
 * chosen by {@link DomainTypes}.
 */
record HostCapabilities(String arch, String domainType) {
  static final String KVM = DomainTypes.KVM;
  static final String TEST = "test";

  /** The CPU feature a virtual machine's CPU has (CPUID leaf 1, ECX bit 31). */
  private static final String HYPERVISOR = "hypervisor";

  /**
   * @param domainTypeSetting LIBVIRT_DOMAIN_TYPE
   * @throws IllegalArgumentException when the host offers no usable type
   */
  static HostCapabilities parse(String capabilitiesXml, String domainTypeSetting) {
    Element caps = Xml.parse(capabilitiesXml);
    Element hostCpu = Xml.child(Xml.child(caps, "host"), "cpu");
    String arch = Xml.child(hostCpu, "arch").getTextContent().trim();
    boolean virtual =
        Xml.children(hostCpu, "feature").stream()
            .anyMatch(f -> f.getAttribute("name").equals(HYPERVISOR));
    List<String> types = new ArrayList<>();
    for (Element guest : Xml.children(caps, "guest")) {
      Element guestArch = Xml.child(guest, "arch");
      if (guestArch != null && arch.equals(guestArch.getAttribute("name"))) {
        Xml.children(guestArch, "domain").forEach(d -> types.add(d.getAttribute("type")));
      }
    }
    return new HostCapabilities(arch, DomainTypes.choose(domainTypeSetting, types, virtual));
  }

  /** UEFI firmware applies to these; s390x boots without it. */
  boolean usesUefi() {
    return arch.equals("x86_64") || arch.equals("aarch64");
  }

  boolean isS390() {
    return arch.equals("s390x");
  }
}
