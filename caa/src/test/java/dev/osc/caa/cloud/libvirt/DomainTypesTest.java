package dev.osc.caa.cloud.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainTypesTest {

  @ParameterizedTest(name = "{0} offered {1}, virtual host {2} -> {3}")
  @CsvSource({
    "auto, qemu kvm, false, kvm",
    "auto, qemu kvm, true,  qemu", // nested KVM: emulate
    "auto, kvm,      true,  kvm", // nothing else offered
    "auto, qemu,     false, qemu",
    "auto, test,     false, test",
    "kvm,  qemu kvm, true,  kvm", // the setting overrides
    "qemu, qemu kvm, false, qemu",
  })
  void choosesByCapabilityUnlessSet(
      String setting, String offered, boolean virtual, String chosen) {
    assertThat(DomainTypes.choose(setting, List.of(offered.split(" ")), virtual)).isEqualTo(chosen);
  }

  @ParameterizedTest(name = "{0} offered {1}")
  @CsvSource({"kvm, qemu", "qemu, kvm", "qemu, test"})
  void aTypeTheHostDoesNotOfferIsRefusedNamingTheKey(String setting, String offered) {
    assertThatThrownBy(() -> DomainTypes.choose(setting, List.of(offered), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "LIBVIRT_DOMAIN_TYPE: the libvirt host does not offer domain type '"
                + setting
                + "' (it offers "
                + offered
                + ")");
  }

  @ParameterizedTest(name = "features {0}, setting {1} -> {2}")
  @CsvSource({
    "'vme hypervisor', auto, qemu",
    "'vme',            auto, kvm",
    "'vme hypervisor', kvm,  kvm",
  })
  void capabilitiesTellAVirtualHostByItsCpusHypervisorFeature(
      String features, String setting, String chosen) {
    StringBuilder cpu = new StringBuilder("<cpu><arch>x86_64</arch>");
    Arrays.stream(features.split(" "))
        .forEach(f -> cpu.append("<feature name='").append(f).append("'/>"));
    String caps =
        "<capabilities><host>"
            + cpu
            + "</cpu></host>"
            + "<guest><os_type>hvm</os_type><arch name='i686'><domain type='qemu'/></arch></guest>"
            + "<guest><os_type>hvm</os_type><arch name='x86_64'><domain type='qemu'/>"
            + "<domain type='kvm'/></arch></guest></capabilities>";
    assertThat(HostCapabilities.parse(caps, setting))
        .isEqualTo(new HostCapabilities("x86_64", chosen));
  }

  @ParameterizedTest(name = "{0} -> {1} tries")
  @CsvSource({"kvm, 20", "qemu, 100", "test, 20"})
  void emulatedGuestsGetLongerForTheirDhcpLease(String type, int attempts) {
    assertThat(LibvirtProvider.AddressWait.of(type).attempts()).isEqualTo(attempts);
  }
}
