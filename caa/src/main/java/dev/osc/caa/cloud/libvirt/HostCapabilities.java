package dev.osc.caa.cloud.libvirt;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * What the libvirt host runs: its CPU architecture, and the domain type to ask for, from {@code
 * virConnectGetCapabilities}: {@code kvm} where the host offers it, else the first type its guests
 * of that architecture support ({@code test} for the test driver, {@code qemu} for pure emulation).
 */
record HostCapabilities(String arch, String domainType) {
  static final String KVM = "kvm";
  static final String TEST = "test";

  static HostCapabilities parse(String capabilitiesXml) {
    Element caps = Xml.parse(capabilitiesXml);
    Element hostCpu = Xml.child(Xml.child(caps, "host"), "cpu");
    String arch = Xml.child(hostCpu, "arch").getTextContent().trim();
    List<String> types = new ArrayList<>();
    for (Element guest : Xml.children(caps, "guest")) {
      Element guestArch = Xml.child(guest, "arch");
      if (guestArch != null && arch.equals(guestArch.getAttribute("name"))) {
        Xml.children(guestArch, "domain").forEach(d -> types.add(d.getAttribute("type")));
      }
    }
    if (types.isEmpty()) {
      throw new IllegalArgumentException(
          "the libvirt host offers no domain type for its own" + " architecture " + arch);
    }
    return new HostCapabilities(arch, types.contains(KVM) ? KVM : types.get(0));
  }

  /** UEFI firmware applies to these; s390x boots without it. */
  boolean usesUefi() {
    return arch.equals("x86_64") || arch.equals("aarch64");
  }

  boolean isS390() {
    return arch.equals("s390x");
  }
}
