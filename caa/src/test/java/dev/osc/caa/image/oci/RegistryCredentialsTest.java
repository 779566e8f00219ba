package dev.osc.caa.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which auth.json entry a pull uses: the most specific key, Docker Hub's legacy names. */
class RegistryCredentialsTest {
  private static final String AUTH_JSON =
      """
      {"auths": {
        "quay.io": {"auth": "cXVheTphbGw="},
        "quay.io/team": {"auth": "dGVhbTpvbmx5"},
        "https://index.docker.io/v1/": {"auth": "aHViOnVzZXI="},
        "registry.example.com:5000": {"username": "u", "password": "p"},
        "empty.example.com": {}
      }}
      """;

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(
      textBlock =
          """
      quay.io,                   org/podvm,        cXVheTphbGw=
      quay.io,                   team/podvm,       dGVhbTpvbmx5
      quay.io,                   team/sub/podvm,   dGVhbTpvbmx5
      quay.io,                   teamwork/podvm,   cXVheTphbGw=
      registry-1.docker.io,      library/ubuntu,   aHViOnVzZXI=
      registry.example.com:5000, podvm,            dTpw
      registry.example.com,      podvm,            -
      empty.example.com,         podvm,            -
      ghcr.io,                   org/podvm,        -
      """)
  void theMostSpecificEntry(String registry, String repository, String expected) throws Exception {
    RegistryCredentials credentials =
        RegistryCredentials.load(Files.writeString(dir.resolve("auth.json"), AUTH_JSON));
    assertThat(credentials.basic(registry, repository).orElse("-")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      textBlock =
          """
      '{"auths": {"quay.io": {"auth": "c2VjcmV0"}',  not a JSON auth file
      'not json at all s3cret',                     not a JSON auth file
      """)
  void aBrokenFileIsNamedWithoutItsContent(String content, String message) throws Exception {
    Path file = Files.writeString(dir.resolve("auth.json"), content);
    assertThatThrownBy(() -> RegistryCredentials.load(file))
        .hasMessageStartingWith(file + " is " + message)
        .hasMessageNotContaining("c2VjcmV0")
        .hasMessageNotContaining("s3cret");
  }
}
