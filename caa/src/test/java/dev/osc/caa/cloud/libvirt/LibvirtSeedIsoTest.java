package dev.osc.caa.cloud.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The NoCloud seed ISO, parsed back record by record. */
class LibvirtSeedIsoTest {
  private static final String USER_DATA =
      "#cloud-config\nwrite_files:\n- path: /run/peerpod/x\n"
          + "  content: "
          + "y".repeat(3000)
          + "\n";

  private final byte[] image = NoCloudSeed.iso("podvm-web-1a2b3c4d", USER_DATA);
  private final IsoImage iso = new IsoImage(image);

  @Test
  void primaryVolumeDescriptorNamesTheCidataVolumeAndItsSize() {
    byte[] pvd = iso.primaryVolumeDescriptor();
    assertThat(pvd[0]).isEqualTo((byte) 1);
    assertThat(new String(pvd, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("CD001");
    assertThat(iso.volumeId()).isEqualTo("cidata");
    assertThat(iso.volumeSectors() * 2048).isEqualTo(image.length);
    assertThat(iso.be32(16 * 2048 + 84)).as("big-endian half").isEqualTo(iso.volumeSectors());
    assertThat(image[17 * 2048]).as("set terminator").isEqualTo((byte) 255);
    int lPathTable = iso.le32(16 * 2048 + 140) * 2048;
    assertThat(iso.le32(lPathTable + 2))
        .as("path table points at the root")
        .isEqualTo(iso.rootExtent());
  }

  @Test
  void rootHoldsUserDataAndMetaDataUnderTheirRockRidgeNames() {
    List<IsoImage.Entry> entries = iso.rootEntries();
    assertThat(entries)
        .extracting(IsoImage.Entry::identifier)
        .containsExactly("\0", "\1", "META_DAT.;1", "USER_DAT.;1");
    assertThat(entries.get(2).rockRidgeName()).isEqualTo("meta-data");
    assertThat(entries.get(3).rockRidgeName()).isEqualTo("user-data");
    assertThat(new String(entries.get(2).content(), StandardCharsets.UTF_8))
        .isEqualTo("local-hostname: podvm-web-1a2b3c4d\n");
    assertThat(new String(entries.get(3).content(), StandardCharsets.UTF_8)).isEqualTo(USER_DATA);
    assertThat(entries.get(3).content().length).as("spans two sectors").isGreaterThan(2048);
  }

  @Test
  void rootDotRecordAnnouncesRockRidge() {
    IsoImage.Entry dot = iso.rootEntries().get(0);
    assertThat(dot.directory()).isTrue();
    assertThat(dot.extent()).isEqualTo(iso.rootExtent());
    assertThat(dot.systemUse()).startsWith('S', 'P', 7, 1, 0xBE, 0xEF, 0);
    byte[] er = dot.suspEntry("ER");
    assertThat(new String(er, 8, er[4], StandardCharsets.US_ASCII)).isEqualTo("RRIP_1991A");
    assertThat(iso.rootEntries().get(3).suspEntry("PX")).as("files carry POSIX modes").isNotNull();
  }

  @Test
  void namesThatCollideIn83FormAreRefused() {
    assertThatThrownBy(
            () ->
                Iso9660Writer.write(
                    "x",
                    Map.of("user-data-a", new byte[1], "user-data-b", new byte[1]),
                    ZonedDateTime.now(ZoneOffset.UTC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("USER_DAT.;1");
  }

  @Test
  void identifiersAreLevelOneDCharacters() {
    assertThat(Iso9660Writer.identifier("user-data")).isEqualTo("USER_DAT.;1");
    assertThat(Iso9660Writer.identifier("vendor-data.json")).isEqualTo("VENDOR_D.JSO;1");
  }
}
