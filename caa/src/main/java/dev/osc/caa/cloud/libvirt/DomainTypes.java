package dev.osc.caa.cloud.libvirt;

import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_DOMAIN_TYPE;

import java.util.List;

/**
 * Which libvirt domain type the pod VMs get. Hardware virtualization ({@code kvm}) where a guest
 * really runs with it, QEMU's TCG emulation ({@code qemu}) otherwise: a libvirt host that is itself
 * a VM (its CPU has the {@code hypervisor} feature) offers kvm through nested KVM, which on many
 * clouds cannot boot Linux (it stops in early boot or QEMU aborts on an MSR), while TCG boots the
 * same image. {@code LIBVIRT_DOMAIN_TYPE} overrides: {@code kvm} on a host whose nested KVM works,
 * {@code qemu} to force emulation. Pure.
 */
final class DomainTypes {
  static final String AUTO = "auto";
  static final String KVM = "kvm";
  static final String QEMU = "qemu";

  /** The settings LIBVIRT_DOMAIN_TYPE accepts. */
  static final List<String> SETTINGS = List.of(AUTO, KVM, QEMU);

  private DomainTypes() {}

  /**
   * @param setting LIBVIRT_DOMAIN_TYPE
   * @param offered the domain types the host offers for its own architecture, in its order
   * @param hostIsVirtual whether the libvirt host is itself a virtual machine
   * @throws IllegalArgumentException naming the key when the host does not offer the type asked
   *     for, or offers nothing
   */
  static String choose(String setting, List<String> offered, boolean hostIsVirtual) {
    if (offered.isEmpty()) {
      throw new IllegalArgumentException(
          "the libvirt host offers no domain type for its own" + " architecture");
    }
    if (!setting.equals(AUTO)) {
      if (!offered.contains(setting)) {
        throw new IllegalArgumentException(
            LIBVIRT_DOMAIN_TYPE
                + ": the libvirt host does not"
                + " offer domain type '"
                + setting
                + "' (it offers "
                + String.join(", ", offered)
                + ")");
      }
      return setting;
    }
    if (offered.contains(KVM) && !(hostIsVirtual && offered.contains(QEMU))) {
      return KVM;
    }
    return offered.contains(QEMU) ? QEMU : offered.get(0);
  }
}
