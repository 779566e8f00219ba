package dev.osc.caa.cloud.libvirt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads back what {@link Iso9660Writer} wrote, the way a reader of the format would. */
final class IsoImage {
  private final byte[] image;

  IsoImage(byte[] image) {
    this.image = image;
  }

  /** One directory record: its ISO 9660 identifier, Rock Ridge entries and file content. */
  record Entry(String identifier, boolean directory, int extent, byte[] systemUse, byte[] content) {
    /** The system use entry with this signature (SP, ER, PX, NM), or null. */
    byte[] suspEntry(String signature) {
      for (int i = 0; i + 4 <= systemUse.length && systemUse[i + 2] > 0; i += systemUse[i + 2]) {
        if (systemUse[i] == signature.charAt(0) && systemUse[i + 1] == signature.charAt(1)) {
          return Arrays.copyOfRange(systemUse, i, i + systemUse[i + 2]);
        }
      }
      return null;
    }

    String rockRidgeName() {
      byte[] nm = suspEntry("NM");
      return nm == null ? null : new String(nm, 5, nm.length - 5, StandardCharsets.UTF_8);
    }
  }

  byte[] primaryVolumeDescriptor() {
    return Arrays.copyOfRange(image, 16 * 2048, 17 * 2048);
  }

  String volumeId() {
    return new String(primaryVolumeDescriptor(), 40, 32, StandardCharsets.US_ASCII).trim();
  }

  int volumeSectors() {
    return le32(16 * 2048 + 80);
  }

  int rootExtent() {
    return le32(16 * 2048 + 156 + 2);
  }

  List<Entry> rootEntries() {
    List<Entry> entries = new ArrayList<>();
    int dir = rootExtent() * 2048;
    int dirSize = le32(16 * 2048 + 156 + 10);
    for (int at = dir; at < dir + dirSize && (image[at] & 0xff) > 0; at += image[at] & 0xff) {
      int length = image[at] & 0xff;
      int idLength = image[at + 32];
      String id = new String(image, at + 33, idLength, StandardCharsets.US_ASCII);
      int suStart = 33 + idLength + (idLength % 2 == 0 ? 1 : 0);
      int extent = le32(at + 2);
      int size = le32(at + 10);
      boolean directory = (image[at + 25] & 2) != 0;
      entries.add(
          new Entry(
              id,
              directory,
              extent,
              Arrays.copyOfRange(image, at + suStart, at + length),
              directory
                  ? new byte[0]
                  : Arrays.copyOfRange(image, extent * 2048, extent * 2048 + size)));
    }
    return entries;
  }

  int le32(int offset) {
    return ByteBuffer.wrap(image, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  int be32(int offset) {
    return ByteBuffer.wrap(image, offset, 4).order(ByteOrder.BIG_ENDIAN).getInt();
  }
}
