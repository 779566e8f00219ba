package dev.osc.caa.cloud.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.api.peerpods.InvalidPeerPodsConfig;
import dev.osc.api.peerpods.PeerPodsSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LibvirtSettingsTest {

  /** The smallest valid libvirt configuration, plus the given keys. */
  static Map<String, String> env(String... keyValues) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "CLOUD_PROVIDER",
                "libvirt",
                "LIBVIRT_URI",
                "qemu:///system",
                "LIBVIRT_POOL",
                "pods",
                "LIBVIRT_VOL_NAME",
                "vol"));
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  static LibvirtSettings settings(Map<String, String> env) {
    return LibvirtSettings.from(PeerPodsSettings.read(env));
  }

  @Test
  void defaultsAreTheCatalogs() {
    LibvirtSettings s = settings(env());
    assertThat(s.network()).isEqualTo("default");
    assertThat(s.baseVolume()).isEqualTo("vol");
    assertThat(s.vcpus()).isEqualTo(2);
    assertThat(s.memoryMiB()).isEqualTo(8192);
    assertThat(s.rootDiskGiB()).isEqualTo(10);
    assertThat(s.launchSecurity()).isEmpty();
    assertThat(s.efiFirmware()).isEqualTo("/usr/share/OVMF/OVMF_CODE_4M.fd");
    assertThat(s.disableCvm()).isTrue();
    assertThat(s.secureExecution()).isFalse();
  }

  @Test
  void readsEveryKeyAndBlankMeansUnset() {
    LibvirtSettings s =
        settings(
            env(
                "LIBVIRT_NET",
                "podnet",
                "LIBVIRT_VOL_NAME",
                "rhel.qcow2",
                "LIBVIRT_CPU",
                "4",
                "LIBVIRT_MEMORY",
                "4096",
                "LIBVIRT_ROOT_DISK_SIZE",
                "20",
                "LIBVIRT_LAUNCH_SECURITY",
                "s390-pv",
                "DISABLECVM",
                "false",
                "LIBVIRT_CPUSET",
                "0-3,^2",
                "LIBVIRT_EFI_FIRMWARE",
                " "));
    assertThat(s)
        .extracting(
            LibvirtSettings::uri,
            LibvirtSettings::pool,
            LibvirtSettings::network,
            LibvirtSettings::baseVolume,
            LibvirtSettings::vcpus,
            LibvirtSettings::memoryMiB,
            LibvirtSettings::rootDiskGiB,
            LibvirtSettings::cpuset,
            LibvirtSettings::efiFirmware)
        .containsExactly(
            "qemu:///system",
            "pods",
            "podnet",
            "rhel.qcow2",
            4L,
            4096L,
            20L,
            "0-3,^2",
            "/usr/share/OVMF/OVMF_CODE_4M.fd");
    assertThat(s.secureExecution()).isTrue();
  }

  @Test
  void theDomainTypeAndThePoolDirectoryHaveTheirDefaultsAndRules() {
    LibvirtSettings s = settings(env());
    assertThat(s.domainType()).isEqualTo("auto");
    assertThat(s.poolDir()).isEqualTo("/var/lib/libvirt/images/");
    assertThat(settings(env("LIBVIRT_DOMAIN_TYPE", "qemu")).domainType()).isEqualTo("qemu");
    assertThatThrownBy(
            () -> settings(env("LIBVIRT_DOMAIN_TYPE", "xen", "LIBVIRT_DIR_NAME", "images")))
        .hasMessage(
            "peer-pods-cm: LIBVIRT_DIR_NAME: \"images\": an absolute directory path is expected;"
                + " peer-pods-cm: LIBVIRT_DOMAIN_TYPE: \"xen\": auto, kvm or qemu is expected");
  }

  @Test
  void imageIdWinsOverVolumeName() {
    assertThat(
            settings(env("LIBVIRT_VOL_NAME", "old.qcow2", "LIBVIRT_IMAGE_ID", "new.qcow2"))
                .baseVolume())
        .isEqualTo("new.qcow2");
  }

  @Test
  void errorsNameEachBadKeyAndWhyButNeverTheUri() {
    assertThatThrownBy(
            () ->
                settings(
                    env(
                        "LIBVIRT_CPU",
                        "two",
                        "LIBVIRT_MEMORY",
                        "0",
                        "LIBVIRT_LAUNCH_SECURITY",
                        "sev",
                        "DISABLECVM",
                        "maybe",
                        "LIBVIRT_URI",
                        "admin:s3cret no scheme",
                        "LIBVIRT_CPUSET",
                        "a-b",
                        "TAGS",
                        "novalue")))
        .isInstanceOf(InvalidPeerPodsConfig.class)
        .hasMessageContaining("LIBVIRT_CPU: \"two\": not a whole number")
        .hasMessageContaining("LIBVIRT_MEMORY: \"0\": at least 1 (MiB)")
        .hasMessageContaining("LIBVIRT_LAUNCH_SECURITY: \"sev\": s390-pv is expected")
        .hasMessageContaining("DISABLECVM: \"maybe\": \"true\" or \"false\" is expected")
        .hasMessageContaining(
            "peer-pods-secret: LIBVIRT_URI: a libvirt URI such as"
                + " qemu+ssh://host/system is expected")
        .hasMessageContaining("LIBVIRT_CPUSET: \"a-b\": a CPU list such as 0-3,^2 is expected")
        .hasMessageContaining("TAGS: \"novalue\": key=value pairs")
        .message()
        .doesNotContain("s3cret");
  }

  @Test
  void confidentialVmsNeedALaunchSecurityType() {
    assertThatThrownBy(() -> settings(env("DISABLECVM", "false")))
        .hasMessageContaining("LIBVIRT_LAUNCH_SECURITY: must be s390-pv when DISABLECVM is false");
  }

  @Test
  void toStringHidesTheUrisCredentials() {
    LibvirtSettings s =
        settings(
            env(
                "LIBVIRT_URI",
                "qemu+ssh://admin:s3cret@kvm.example:2222/system?keyfile=/root/.ssh/id&no_verify=1"));
    assertThat(s.toString())
        .contains("uri=qemu+ssh://***@kvm.example:2222/system?***")
        .doesNotContain("s3cret")
        .doesNotContain("admin")
        .doesNotContain("keyfile");
    assertThat(LibvirtSettings.redacted("test:///default")).isEqualTo("test:///default");
  }
}
