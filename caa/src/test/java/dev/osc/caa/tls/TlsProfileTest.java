package dev.osc.caa.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.api.peerpods.PeerPodsSettings;
import dev.osc.caa.forwarder.ForwarderConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TlsProfileTest {
  private static PeerPodsSettings settings(Map<String, String> keys) {
    Map<String, String> env = new java.util.HashMap<>(keys);
    env.put("CLOUD_PROVIDER", "local");
    return PeerPodsSettings.read(env);
  }

  static Stream<Arguments> profiles() {
    return Stream.of(
        Arguments.of(Map.of(), TlsProfile.DEFAULT, List.of("TLSv1.3", "TLSv1.2")),
        Arguments.of(
            Map.of("TLS_MIN_VERSION", "VersionTLS13"),
            new TlsProfile("VersionTLS13", List.of()),
            List.of("TLSv1.3")),
        Arguments.of(
            Map.of(
                "TLS_MIN_VERSION",
                "VersionTLS12",
                "TLS_CIPHER_SUITES",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            new TlsProfile(
                "VersionTLS12",
                List.of(
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")),
            List.of("TLSv1.3", "TLSv1.2")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void readsUpstreamsSettingsAndWritesThemIntoApfJson(
      Map<String, String> env, TlsProfile expected, List<String> protocols) {
    TlsProfile profile = TlsProfile.fromSettings(settings(env));
    assertThat(profile).isEqualTo(expected);
    assertThat(profile.protocols()).containsExactlyElementsOf(protocols);
    ForwarderConfig apf =
        ForwarderConfig.fromJson(ForwarderConfig.of("web", "shop", null, null, profile).toJson());
    assertThat(apf.profile()).isEqualTo(expected);
    if (!expected.cipherSuites().isEmpty()) {
      assertThat(profile.suites())
          .contains("TLS_AES_128_GCM_SHA256")
          .containsAll(expected.cipherSuites());
    }
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of(
            Map.of("TLS_MIN_VERSION", "VersionTLS11"),
            "peer-pods-cm: TLS_MIN_VERSION: \"VersionTLS11\": VersionTLS12 or VersionTLS13 is"
                + " expected"),
        Arguments.of(
            Map.of("TLS_CIPHER_SUITES", "TLS_RSA_WITH_RC4_128_SHA1"),
            "peer-pods-cm: TLS_CIPHER_SUITES: \"TLS_RSA_WITH_RC4_128_SHA1\":"
                + " TLS_RSA_WITH_RC4_128_SHA1 is not a cipher suite of this adaptor (IANA names"
                + " are expected, such as TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("bad")
  void refusesWhatItCannotEnforceNamingTheKey(Map<String, String> env, String message) {
    assertThatThrownBy(() -> TlsProfile.fromSettings(settings(env))).hasMessage(message);
  }
}
