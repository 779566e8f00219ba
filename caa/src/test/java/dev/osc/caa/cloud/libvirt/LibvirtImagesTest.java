package dev.osc.caa.cloud.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osc.api.peerpods.Provider;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.image.ImageRequest;
import dev.osc.caa.image.ImageRequests;
import dev.osc.caa.image.oci.FakeRegistry;
import dev.osc.caa.image.oci.OciFile;
import dev.osc.caa.image.oci.OciPuller;
import dev.osc.caa.image.oci.RegistryCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;

/**
 * The base volume on libvirt's test driver, which cannot upload: the volume is made with the file's
 * size and left empty. {@link #observer} keeps the driver's state shared (see {@link
 * LibvirtProviderTest}).
 */
class LibvirtImagesTest {
  private static final String URI = "test:///default";
  private static final String POOL = "default-pool";
  private static final String SKIPPED =
      "LibvirtImagesTest skipped: libvirt0 (libvirt.so.0) is not installed; scripts/deps.sh installs it";

  private static Connect observer;

  @TempDir Path dir;

  @BeforeAll
  static void openTestDriver() throws LibvirtException {
    try {
      observer = new Connect(URI);
    } catch (LinkageError e) {
      System.err.println(SKIPPED);
      assumeTrue(false, SKIPPED);
    }
  }

  @AfterAll
  static void closeTestDriver() throws LibvirtException {
    if (observer != null) {
      observer.close();
    }
  }

  static LibvirtImages images(String pool) throws CloudException {
    return LibvirtImages.start(
        LibvirtSettingsTest.settings(
            LibvirtSettingsTest.env("LIBVIRT_URI", URI, "LIBVIRT_POOL", pool)),
        new OciPuller(null, "amd64", RegistryCredentials.none()));
  }

  static LibvirtImages images(String pool, String dir) throws CloudException {
    return LibvirtImages.start(
        LibvirtSettingsTest.settings(
            LibvirtSettingsTest.env(
                "LIBVIRT_URI", URI, "LIBVIRT_POOL", pool, "LIBVIRT_DIR_NAME", dir)),
        new OciPuller(null, "amd64", RegistryCredentials.none()));
  }

  static boolean exists(String name) throws LibvirtException {
    StoragePool pool = observer.storagePoolLookupByName(POOL);
    pool.refresh(0);
    return Arrays.asList(pool.listVolumes()).contains(name);
  }

  @Test
  void createsTheVolumeWithTheFilesSizeAndDeletesIt() throws Exception {
    Path qcow2 = Files.write(dir.resolve("podvm.qcow2"), new byte[3 * 1024 * 1024]);
    String name = "podvm-" + UUID.randomUUID() + ".qcow2";
    try (LibvirtImages images = images(POOL)) {
      assertThat(images.create(new ImageRequest(name, qcow2.toString()))).isEqualTo(name);
      assertThat(exists(name)).isTrue();
      assertThat(
              observer
                  .storagePoolLookupByName(POOL)
                  .storageVolLookupByName(name)
                  .getInfo()
                  .capacity)
          .isEqualTo(3L * 1024 * 1024);

      assertThatThrownBy(() -> images.create(new ImageRequest(name, qcow2.toString())))
          .hasMessageContaining("volume '" + name + "' already exists in pool 'default-pool'");

      images.delete(name);
      assertThat(exists(name)).isFalse();
      images.delete(name);
    }
  }

  /**
   * The IBM Z guide's {@code PODVM_IMAGE_URI: ""}: the default prebuilt image, served here by a
   * loopback stand-in under the default's repository, tag and path, multi-arch as published; an IBM
   * Z node takes the s390x disk.
   */
  @Test
  void anEmptyImageUriPullsTheDefaultImage() throws Exception {
    String name = "podvm-" + UUID.randomUUID() + ".qcow2";
    ImageRequest request =
        ImageRequests.of(
            Provider.LIBVIRT, Map.of("PODVM_IMAGE_URI", "", "IMAGE_NAME", name), Instant.EPOCH);
    OciFile def = OciFile.parse(request.source());
    assertThat(def.image())
        .isEqualTo("quay.io/confidential-containers/podvm-generic-ubuntu-s390x:latest");
    byte[] s390x = new byte[3 * 1024 * 1024];
    byte[] amd64 = new byte[1024 * 1024];
    String path = def.path().substring(1);
    try (FakeRegistry registry = new FakeRegistry();
        LibvirtImages images =
            LibvirtImages.start(
                LibvirtSettingsTest.settings(
                    LibvirtSettingsTest.env("LIBVIRT_URI", URI, "LIBVIRT_POOL", POOL)),
                new OciPuller(registry.clientTls(), "s390x", RegistryCredentials.none()))) {
      registry.pushIndex(
          def.repository(),
          def.reference(),
          Map.of(
              "s390x", FakeRegistry.layer(path, s390x), "amd64", FakeRegistry.layer(path, amd64)));
      String standIn =
          OciFile.PREFIX
              + registry.host()
              + "/"
              + def.repository()
              + ":"
              + def.reference()
              + "::"
              + def.path();

      assertThat(images.create(new ImageRequest(request.name(), standIn))).isEqualTo(name);
      assertThat(
              observer
                  .storagePoolLookupByName(POOL)
                  .storageVolLookupByName(name)
                  .getInfo()
                  .capacity)
          .isEqualTo(s390x.length);
      images.delete(name);
    }
  }

  /** The IBM Z guide's custom image: the disk comes out of an image in a registry. */
  @Test
  void fromAnOciImageTheDiskIsPulledThenMadeTheVolume() throws Exception {
    byte[] disk = new byte[2 * 1024 * 1024 + 512];
    String name = "podvm-" + UUID.randomUUID() + ".qcow2";
    try (FakeRegistry registry = new FakeRegistry();
        LibvirtImages images =
            LibvirtImages.start(
                LibvirtSettingsTest.settings(
                    LibvirtSettingsTest.env("LIBVIRT_URI", URI, "LIBVIRT_POOL", POOL)),
                new OciPuller(registry.clientTls(), "amd64", RegistryCredentials.none()))) {
      registry.push("podvm/custom", "v1", List.of(FakeRegistry.layer("image/podvm.qcow2", disk)));
      String uri = "oci::" + registry.host() + "/podvm/custom:v1::/image/podvm.qcow2";
      assertThat(images.create(new ImageRequest(name, uri))).isEqualTo(name);
      assertThat(
              observer
                  .storagePoolLookupByName(POOL)
                  .storageVolLookupByName(name)
                  .getInfo()
                  .capacity)
          .isEqualTo(disk.length);
      images.delete(name);

      assertThatThrownBy(
              () ->
                  images.create(
                      new ImageRequest(name, "oci::" + registry.host() + "/podvm/custom:v2")))
          .isInstanceOf(CloudException.class)
          .hasMessageStartingWith(
              "PODVM_IMAGE_URI: pulling /image/podvm.qcow2 from "
                  + registry.host()
                  + "/podvm/custom:v2: registry "
                  + registry.host()
                  + " answered 404")
          .hasMessageContaining("MANIFEST_UNKNOWN");
      assertThat(exists(name)).isFalse();
    }
  }

  @Test
  void aMissingFileIsNamed() throws Exception {
    try (LibvirtImages images = images(POOL)) {
      assertThatThrownBy(() -> images.create(new ImageRequest("x.qcow2", "/nonexistent.qcow2")))
          .hasMessage("PODVM_IMAGE_URI: /nonexistent.qcow2 is not a readable file");
    }
  }

  /** Docs 6.2.5: without the pool, the Job makes it as a directory pool at LIBVIRT_DIR_NAME. */
  @Test
  void aMissingPoolIsMadeAtTheDirectoryNamed() throws Exception {
    Path qcow2 = Files.write(dir.resolve("p.qcow2"), new byte[4096]);
    String pool = "oscv-pool-" + UUID.randomUUID();
    try (LibvirtImages images = images(pool, "/oscv/" + pool)) {
      assertThat(images.create(new ImageRequest("base.qcow2", qcow2.toString())))
          .isEqualTo("base.qcow2");
      StoragePool made = observer.storagePoolLookupByName(pool);
      assertThat(made.isActive()).isEqualTo(1);
      assertThat(made.getAutostart()).isTrue();
      assertThat(made.getXMLDesc(0)).contains("<path>/oscv/" + pool + "</path>");
      assertThat(made.storageVolLookupByName("base.qcow2").getInfo().capacity).isEqualTo(4096);
      made.storageVolLookupByName("base.qcow2").delete(0);
      made.destroy();
      made.undefine();
    }
  }

  @Test
  void aPoolThatCannotBeMadeIsNamedAndNothingIsLeft() throws Exception {
    Path qcow2 = Files.write(dir.resolve("p.qcow2"), new byte[1024]);
    String pool = "oscv-pool-" + UUID.randomUUID();
    String taken =
        observer
            .storagePoolLookupByName(POOL)
            .getXMLDesc(0)
            .replaceAll("(?s).*<path>(.*?)</path>.*", "$1");
    try (LibvirtImages images = images(pool, taken)) {
      assertThatThrownBy(() -> images.create(new ImageRequest("x.qcow2", qcow2.toString())))
          .hasMessageStartingWith(
              "libvirt: storage pool '"
                  + pool
                  + "' (LIBVIRT_POOL) does not"
                  + " exist and defining it as a directory pool at '"
                  + taken
                  + "' (LIBVIRT_DIR_NAME)"
                  + " failed: ");
    }
    assertThat(observer.listStoragePools()).doesNotContain(pool);
    assertThat(observer.listDefinedStoragePools()).doesNotContain(pool);
  }
}
