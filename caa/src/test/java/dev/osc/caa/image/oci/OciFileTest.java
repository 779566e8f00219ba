package dev.osc.caa.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OciFileTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      oci::quay.io/org/podvm:1.12::/image/podvm.qcow2 | quay.io              | org/podvm      | 1.12   | /image/podvm.qcow2
      oci::quay.io/org/podvm:1.12                     | quay.io              | org/podvm      | 1.12   | /image/podvm.qcow2
      oci::quay.io/org/podvm:1.12::                   | quay.io              | org/podvm      | 1.12   | /image/podvm.qcow2
      oci::registry.example.com:5000/a/b/c::/d.qcow2  | registry.example.com:5000 | a/b/c     | latest | /d.qcow2
      oci::localhost/podvm:v1::/x                     | localhost            | podvm          | v1     | /x
      oci::podvm:v1                                   | registry-1.docker.io | library/podvm  | v1     | /image/podvm.qcow2
      oci::docker.io/org/podvm                        | registry-1.docker.io | org/podvm      | latest | /image/podvm.qcow2
      oci::quay.io/p@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | quay.io | p | sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | /image/podvm.qcow2
      """)
  void parses(String uri, String registry, String repository, String reference, String path) {
    assertThat(OciFile.parse(uri)).isEqualTo(new OciFile(registry, repository, reference, path));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      oci::                               | no image: the form is oci::<registry>/<repository>:<tag>::<path>
      oci::::/image/podvm.qcow2           | no image
      oci::https://quay.io/p:1            | the image is named without a scheme
      oci::quay.io/p:1::image/podvm.qcow2 | the path in the image must be absolute and name a file, not 'image/podvm.qcow2'
      oci::quay.io/p:1::/image/           | the path in the image must be absolute and name a file
      oci::quay.io/Org/P:1                | 'Org/P' is not a repository name
      oci::quay.io/p:bad+tag              | 'bad+tag' is not a valid tag
      oci::quay.io/p@sha256:12            | 'sha256:12' is not a sha256:<64 hex> digest
      """)
  void errorsNameTheKeyAndTheProblem(String uri, String message) {
    assertThatThrownBy(() -> OciFile.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("PODVM_IMAGE_URI: '" + uri + "': " + message);
  }
}
