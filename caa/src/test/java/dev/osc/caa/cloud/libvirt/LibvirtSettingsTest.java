package dev.osc.caa.cloud.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LibvirtSettingsTest {

  @Test
  void defaultsAreTheAdaptors() {
    LibvirtSettings s = LibvirtSettings.from(Map.of());
    assertThat(s.uri()).isEqualTo("qemu+ssh://root@192.168.122.1/system?no_verify=1");
    assertThat(s.pool()).isEqualTo("default");
    assertThat(s.network()).isEqualTo("default");
    assertThat(s.baseVolume()).isEqualTo("podvm-base.qcow2");
    assertThat(s.vcpus()).isEqualTo(2);
    assertThat(s.memoryMiB()).isEqualTo(8192);
    assertThat(s.rootDiskGiB()).isEqualTo(10);
    assertThat(s.launchSecurity()).isEmpty();
    assertThat(s.efiFirmware()).isEqualTo("/usr/share/OVMF/OVMF_CODE_4M.fd");
    assertThat(s.disableCvm()).isTrue();
    assertThat(s.secureExecution()).isFalse();
    assertThat(s.tags()).isEmpty();
    assertThat(s.domainType()).isEqualTo("auto");
    assertThat(s.poolDir()).isEqualTo("/var/lib/libvirt/images/");
  }

  @Test
  void readsEveryKeyAndBlankMeansUnset() {
    LibvirtSettings s = LibvirtSettings.from(Map.ofEntries(
        Map.entry("LIBVIRT_URI", "qemu:///system"), Map.entry("LIBVIRT_POOL", "pods"),
        Map.entry("LIBVIRT_NET", "podnet"), Map.entry("LIBVIRT_VOL_NAME", "rhel.qcow2"),
        Map.entry("LIBVIRT_CPU", "4"), Map.entry("LIBVIRT_MEMORY", "4096"),
        Map.entry("LIBVIRT_ROOT_DISK_SIZE", "20"), Map.entry("LIBVIRT_LAUNCH_SECURITY", "s390-pv"),
        Map.entry("DISABLECVM", "false"), Map.entry("LIBVIRT_CPUSET", "0-3,^2"),
        Map.entry("LIBVIRT_EFI_FIRMWARE", " "), Map.entry("TAGS", "team=a, env = prod")));
    assertThat(s).extracting(LibvirtSettings::uri, LibvirtSettings::pool, LibvirtSettings::network,
            LibvirtSettings::baseVolume, LibvirtSettings::vcpus, LibvirtSettings::memoryMiB,
            LibvirtSettings::rootDiskGiB, LibvirtSettings::cpuset, LibvirtSettings::efiFirmware)
        .containsExactly("qemu:///system", "pods", "podnet", "rhel.qcow2", 4L, 4096L, 20L, "0-3,^2",
            LibvirtSettings.DEFAULT_EFI_FIRMWARE);
    assertThat(s.secureExecution()).isTrue();
    assertThat(s.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "a", "env", "prod"));
  }

  @Test
  void imageIdWinsOverVolumeName() {
    LibvirtSettings s = LibvirtSettings.from(
        Map.of("LIBVIRT_VOL_NAME", "old.qcow2", "LIBVIRT_IMAGE_ID", "new.qcow2"));
    assertThat(s.baseVolume()).isEqualTo("new.qcow2");
  }

  @Test
  void errorsNameEachBadKeyAndWhy() {
    assertThatThrownBy(() -> LibvirtSettings.from(Map.of("LIBVIRT_CPU", "two",
        "LIBVIRT_MEMORY", "0", "LIBVIRT_LAUNCH_SECURITY", "sev", "DISABLECVM", "maybe",
        "LIBVIRT_URI", "no scheme here", "LIBVIRT_CPUSET", "a-b", "TAGS", "novalue",
        "LIBVIRT_DOMAIN_TYPE", "xen", "LIBVIRT_DIR_NAME", "images")))
        .hasMessageContaining("LIBVIRT_DIR_NAME: must be an absolute directory path, got 'images'")
        .hasMessageContaining("LIBVIRT_DOMAIN_TYPE: must be one of auto, kvm, qemu, got 'xen'")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LIBVIRT_CPU: must be a positive integer, got 'two'")
        .hasMessageContaining("LIBVIRT_MEMORY: must be a positive integer, got '0'")
        .hasMessageContaining("LIBVIRT_LAUNCH_SECURITY: must be empty or s390-pv, got 'sev'")
        .hasMessageContaining("DISABLECVM: must be true or false, got 'maybe'")
        .hasMessageContaining("LIBVIRT_URI: must be a libvirt URI")
        .hasMessageContaining("LIBVIRT_CPUSET: must be a CPU list")
        .hasMessageContaining("TAGS: each entry must be key=value, got 'novalue'");
  }

  @Test
  void confidentialVmsNeedALaunchSecurityType() {
    assertThatThrownBy(() -> LibvirtSettings.from(Map.of("DISABLECVM", "false")))
        .hasMessageContaining("LIBVIRT_LAUNCH_SECURITY: must be s390-pv when DISABLECVM=false");
  }

  @Test
  void toStringHidesTheUrisCredentials() {
    LibvirtSettings s = LibvirtSettings.from(Map.of("LIBVIRT_URI",
        "qemu+ssh://admin:s3cret@kvm.example:2222/system?keyfile=/root/.ssh/id&no_verify=1"));
    assertThat(s.toString()).contains("uri=qemu+ssh://***@kvm.example:2222/system?***")
        .doesNotContain("s3cret").doesNotContain("admin").doesNotContain("keyfile");
    assertThat(LibvirtSettings.redacted("test:///default")).isEqualTo("test:///default");
  }
}
