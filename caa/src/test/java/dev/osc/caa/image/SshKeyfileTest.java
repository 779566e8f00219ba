package dev.osc.caa.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SshKeyfileTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // The IBM Z guide's form (6.2.4)
        "qemu+ssh://root@192.168.122.1/system?no_verify=1 | qemu+ssh://root@192.168.122.1/system?no_verify=1&keyfile=/k/id_rsa",
        "qemu+ssh://root@kvm/system                        | qemu+ssh://root@kvm/system?keyfile=/k/id_rsa",
        "qemu+ssh://kvm/system?keyfile=/root/.ssh/other    | qemu+ssh://kvm/system?keyfile=/root/.ssh/other",
        "qemu+ssh://kvm/system?no_verify=1&keyfile=/x      | qemu+ssh://kvm/system?no_verify=1&keyfile=/x",
        "qemu:///system                                    | qemu:///system",
        "qemu+tls://kvm/system                             | qemu+tls://kvm/system",
        "test:///default                                   | test:///default",
      })
  void namesTheMountedKeyInSshUrisOnly(String uri, String expected) {
    assertThat(SshKeyfile.withKeyfile(uri, "/k/id_rsa")).isEqualTo(expected);
  }

  @Test
  void onlyWhenTheKeyIsMounted(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of("LIBVIRT_URI", "qemu+ssh://root@kvm/system?no_verify=1");
    assertThat(SshKeyfile.inEnvironment(env, dir)).isEqualTo(env);

    Files.writeString(dir.resolve("id_rsa"), "key");
    assertThat(SshKeyfile.inEnvironment(env, dir))
        .containsEntry(
            "LIBVIRT_URI", "qemu+ssh://root@kvm/system?no_verify=1&keyfile=" + dir + "/id_rsa");
  }
}
