package dev.osc.caa.cloud.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Domain XML for the real targets, which the test driver cannot stand in for. */
class LibvirtDomainDefinitionTest {
  private static final String FIRMWARE = "/usr/share/OVMF/OVMF_CODE_4M.fd";

  private static DomainDefinition definition(HostCapabilities host, boolean secureExecution) {
    return new DomainDefinition(
        "podvm-a-1",
        host,
        2,
        4096,
        "",
        "/pool/podvm-a-1-root.qcow2",
        "/pool/podvm-a-1-cloudinit.iso",
        "default",
        FIRMWARE,
        secureExecution,
        Map.of("osc.peerpods/pod", "ns/a&b"));
  }

  @Test
  void s390SecureExecutionGetsLaunchSecurityIommuAndAnSclpConsole() {
    String xml = definition(new HostCapabilities("s390x", "kvm"), true).toXml();
    assertThat(xml)
        .contains(
            "<domain type='kvm'>",
            "<type arch='s390x'>hvm</type>",
            "<launchSecurity type='s390-pv'/>",
            "<memballoon model='none'/>",
            "<driver name='qemu' type='qcow2' iommu='on'/>",
            "<driver iommu='on'/>",
            "<target type='sclp' port='0'/>",
            "<cpu mode='host-model'/>")
        .doesNotContain("<loader", "<serial");
  }

  @Test
  void x86GetsUefiAndASerialConsole() {
    String xml = definition(new HostCapabilities("x86_64", "kvm"), false).toXml();
    assertThat(xml)
        .contains(
            "<loader readonly='yes' type='pflash'>" + FIRMWARE + "</loader>",
            "<serial type='pty'>",
            "<source network='default'/>")
        .doesNotContain("launchSecurity", "iommu");
  }

  @Test
  void tagsAreEscapedAndReadBack() {
    DomainDefinition d = definition(new HostCapabilities("x86_64", "qemu"), false);
    String xml =
        d.toXml()
            .replace(
                "<domain type='qemu'>",
                "<domain type='qemu'><uuid>11111111-2222-3333-4444-555555555555</uuid>");
    DomainDescription read = DomainDescription.parse(xml);
    assertThat(read.tags()).containsExactlyEntriesOf(Map.of("osc.peerpods/pod", "ns/a&b"));
    assertThat(read.diskFiles())
        .containsExactly("/pool/podvm-a-1-root.qcow2", "/pool/podvm-a-1-cloudinit.iso");
    assertThat(xml).doesNotContain("host-model");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    // arch, type, host CPU model, UEFI loader, console
    "x86_64, kvm,  true,  true,  serial",
    "x86_64, qemu, false, true,  serial",
    "s390x,  kvm,  true,  false, sclp",
    "s390x,  qemu, false, false, sclp",
  })
  void theDomainTypeDecidesTheCpuModelAndTheArchitectureTheRest(
      String arch, String type, boolean hostModel, boolean uefi, String console) {
    String xml = definition(new HostCapabilities(arch, type), false).toXml();
    assertThat(xml)
        .startsWith("<domain type='" + type + "'>")
        .contains("<type arch='" + arch + "'>hvm</type>", "<target type='" + console + "'");
    assertThat(xml.contains("<cpu mode='host-model'/>")).isEqualTo(hostModel);
    assertThat(xml.contains("<loader")).isEqualTo(uefi);
    // libvirt refuses UEFI without ACPI; TCG's translation cache is capped.
    assertThat(xml.contains("<acpi/>")).isEqualTo(uefi);
    assertThat(xml.contains("<tb-cache unit='MiB'>256</tb-cache>")).isEqualTo(type.equals("qemu"));
  }
}
