package dev.osc.caa.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pulling the pod VM disk out of an image in a registry (PODVM_IMAGE_URI oci::...). */
class OciPullerTest {
  private static final String DISK = "image/podvm.qcow2";

  @TempDir Path dir;
  private FakeRegistry registry;
  private OciPuller puller;
  private Path target;

  @BeforeEach
  void start() throws Exception {
    registry = new FakeRegistry();
    puller = new OciPuller(registry.clientTls(), "s390x", RegistryCredentials.none());
    target = dir.resolve("podvm.qcow2");
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private OciFile file(String image) {
    return OciFile.parse("oci::" + registry.host() + "/" + image);
  }

  @ParameterizedTest
  @CsvSource({"amd64,amd64", "x86_64,amd64", "aarch64,arm64", "s390x,s390x", "ppc64le,ppc64le"})
  void theJvmsArchitectureInOciNames(String osArch, String oci) {
    assertThat(OciPuller.architecture(osArch)).isEqualTo(oci);
  }

  @Test
  void theDiskAtTheDefaultPathOfATaggedImage() throws Exception {
    byte[] disk = new byte[3 << 20];
    new Random(7).nextBytes(disk);
    registry.push(
        "podvm/rhel",
        "1.12",
        List.of(FakeRegistry.layer("etc/os-release", "ID=rhel"), FakeRegistry.layer(DISK, disk)));
    puller.pull(file("podvm/rhel:1.12"), target);
    assertThat(Files.readAllBytes(target)).isEqualTo(disk);
    assertThat(dir.toFile().list()).containsExactly("podvm.qcow2");
    assertThat(registry.tokenScopes).isEmpty();
  }

  @Test
  void uncompressedLayersAndAPathOtherThanTheDefault() throws Exception {
    registry.pushUncompressed("p", "t", List.of(FakeRegistry.layer("./disks/vm.qcow2", "qcow")));
    puller.pull(OciFile.parse("oci::" + registry.host() + "/p:t::/disks/vm.qcow2"), target);
    assertThat(Files.readString(target)).isEqualTo("qcow");
  }

  @Test
  void anonymousTokenHandshakeAndNoTokenSentToStorage() throws Exception {
    registry.requireToken();
    registry.push("org/podvm", "latest", List.of(FakeRegistry.layer(DISK, "disk")));
    puller.pull(file("org/podvm"), target);
    assertThat(Files.readString(target)).isEqualTo("disk");
    assertThat(registry.tokenScopes)
        .singleElement()
        .asString()
        .contains("service=fake-registry", "scope=repository:org/podvm:pull");
    // Blobs came through the redirect to storage (another host), which refuses the token.
    assertThat(registry.storageRequests).isNotEmpty();
  }

  @Test
  void aPrivateRepositoryWantsTheCredentialsOfAuthJson() throws Exception {
    registry.requireToken("robot", "s3cret");
    registry.push("private/podvm", "v1", List.of(FakeRegistry.layer(DISK, "private disk")));
    assertThatThrownBy(() -> puller.pull(file("private/podvm:v1"), target))
        .hasMessageContaining(
            "token endpoint localhost answered 401; no credentials for "
                + registry.host()
                + ": put them in the auth.json of Secret auth-json-secret");

    OciPuller withCredentials =
        new OciPuller(
            registry.clientTls(), "s390x", credentials(registry.host(), "robot", "s3cret"));
    withCredentials.pull(file("private/podvm:v1"), target);
    assertThat(Files.readString(target)).isEqualTo("private disk");

    OciPuller wrong =
        new OciPuller(
            registry.clientTls(), "s390x", credentials(registry.host(), "robot", "guess"));
    assertThatThrownBy(() -> wrong.pull(file("private/podvm:v1"), dir.resolve("w")))
        .hasMessageContaining(
            "answered 401; the credentials for " + registry.host() + " in auth.json were refused")
        .hasMessageNotContaining("guess");
  }

  @Test
  void aRegistryWithBasicAuthGetsTheCredentialsThemselves() throws Exception {
    registry.requireBasic("robot", "s3cret");
    registry.push("p", "t", List.of(FakeRegistry.layer(DISK, "basic")));
    assertThatThrownBy(() -> puller.pull(file("p:t"), target))
        .hasMessageContaining("asks for credentials (Basic); no credentials for");
    new OciPuller(registry.clientTls(), "s390x", credentials(registry.host(), "robot", "s3cret"))
        .pull(file("p:t"), target);
    assertThat(Files.readString(target)).isEqualTo("basic");
  }

  private RegistryCredentials credentials(String key, String user, String password)
      throws Exception {
    Path auth =
        Files.writeString(
            dir.resolve("auth-" + password + ".json"),
            "{\"auths\":{\""
                + key
                + "\":{\"username\":\""
                + user
                + "\",\"password\":\""
                + password
                + "\"}}}");
    RegistryCredentials loaded = RegistryCredentials.load(auth);
    Files.delete(auth);
    return loaded;
  }

  @Test
  void aMultiArchImageGivesThisMachinesDisk() throws Exception {
    registry.pushIndex(
        "podvm",
        "multi",
        Map.of(
            "amd64", FakeRegistry.layer(DISK, "x86 disk"),
            "s390x", FakeRegistry.layer(DISK, "z disk")));
    puller.pull(file("podvm:multi"), target);
    assertThat(Files.readString(target)).isEqualTo("z disk");

    OciPuller arm = new OciPuller(registry.clientTls(), "arm64", RegistryCredentials.none());
    assertThatThrownBy(() -> arm.pull(file("podvm:multi"), dir.resolve("arm")))
        .hasMessageContaining("has no linux/arm64 image (it has ")
        .hasMessageContaining("linux/amd64")
        .hasMessageContaining("linux/s390x");
  }

  @Test
  void theUpperLayersCopyWinsAndAWhiteoutHidesTheLowerOnes() throws Exception {
    registry.push(
        "p", "upper", List.of(FakeRegistry.layer(DISK, "old"), FakeRegistry.layer(DISK, "new")));
    puller.pull(file("p:upper"), target);
    assertThat(Files.readString(target)).isEqualTo("new");

    registry.push(
        "p",
        "removed",
        List.of(FakeRegistry.layer(DISK, "old"), FakeRegistry.layer("image/.wh.podvm.qcow2", "")));
    assertThatThrownBy(() -> puller.pull(file("p:removed"), dir.resolve("x")))
        .hasMessageEndingWith("/p:removed has no file /image/podvm.qcow2");

    registry.push(
        "p",
        "opaque",
        List.of(FakeRegistry.layer(DISK, "old"), FakeRegistry.layer("image/.wh..wh..opq", "")));
    assertThatThrownBy(() -> puller.pull(file("p:opaque"), dir.resolve("x")))
        .hasMessageEndingWith("has no file /image/podvm.qcow2");
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void unknownTagOrRepositoryIsNamedWithTheRegistrysError() {
    assertThatThrownBy(() -> puller.pull(file("nothing:here"), target))
        .hasMessageContaining("answered 404 for nothing/manifests/here: MANIFEST_UNKNOWN");
    assertThat(target).doesNotExist();
  }

  @Test
  void aCorruptLayerIsRefusedAndLeavesNoFile() throws Exception {
    registry.push("p", "bad", List.of(FakeRegistry.layer(DISK, "disk bytes ".repeat(1000))));
    String layer = registry.layers("p", "bad").get(0);
    registry.corrupt(layer);
    assertThatThrownBy(() -> puller.pull(file("p:bad"), target))
        .hasMessageContaining("does not match its digest " + layer);
    assertThat(target).doesNotExist();
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void byDigestTheManifestIsChecked() throws Exception {
    String digest = registry.push("p", "t", List.of(FakeRegistry.layer(DISK, "pinned")));
    puller.pull(file("p@" + digest), target);
    assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo("pinned");
  }

  @Test
  void aDirectoryIsNotTheDisk() throws Exception {
    registry.push("p", "dir", List.of(FakeRegistry.layer(DISK + "/", "")));
    assertThatThrownBy(() -> puller.pull(file("p:dir"), target))
        .hasMessageContaining("/image/podvm.qcow2 is not a regular file");
  }
}
