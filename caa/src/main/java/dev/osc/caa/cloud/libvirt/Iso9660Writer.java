package dev.osc.caa.cloud.libvirt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a small ISO 9660 image: one root directory holding a few files, enough for a cloud-init
 * NoCloud seed. Plain ISO 9660 names are upper-case 8.3 ({@code USER_DAT.;1}), so every record also
 * carries a Rock Ridge {@code NM} entry with the real name ({@code user-data}), which is what
 * Linux's isofs shows by default and cloud-init then reads. Rock Ridge was picked over Joliet as
 * the simplest: the same directory with a few extra bytes per record, not a second tree.
 *
 * <p>Layout, in 2048-byte sectors: 0-15 empty system area, 16 primary volume descriptor, 17 set
 * terminator, 18/19 little/big-endian path tables, 20 root directory, then the files.
 */
final class Iso9660Writer {
  static final int SECTOR = 2048;
  static final int PVD_SECTOR = 16;
  private static final int L_PATH_TABLE_SECTOR = 18;
  private static final int M_PATH_TABLE_SECTOR = 19;
  static final int ROOT_SECTOR = 20;
  private static final int FIRST_FILE_SECTOR = 21;
  private static final int PATH_TABLE_SIZE = 10;
  private static final int FLAG_DIRECTORY = 2;
  private static final int MODE_DIRECTORY = 040555;
  private static final int MODE_FILE = 0100444;
  private static final String RRIP_ID = "RRIP_1991A";
  private static final String RRIP_DESCRIPTION = "ROCK RIDGE INTERCHANGE PROTOCOL";
  private static final String RRIP_SOURCE = "IEEE P1282";
  private static final DateTimeFormatter VOLUME_DATE =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private Iso9660Writer() {}

  /**
   * The image of {@code files} (name to content) under volume label {@code volumeId}.
   *
   * @throws IllegalArgumentException if two names map to the same 8.3 name or the directory
   *     outgrows its one sector
   */
  static byte[] write(String volumeId, Map<String, byte[]> files, ZonedDateTime when) {
    ZonedDateTime utc = when.withZoneSameInstant(ZoneOffset.UTC);
    // Directory records must be sorted by their ISO 9660 identifier.
    Map<String, String> byIdentifier = new TreeMap<>();
    files
        .keySet()
        .forEach(
            name -> {
              if (byIdentifier.put(identifier(name), name) != null) {
                throw new IllegalArgumentException(
                    "two files map to ISO 9660 name " + identifier(name));
              }
            });

    ByteArrayOutputStream root = new ByteArrayOutputStream();
    root.writeBytes(
        record(
            new byte[] {0},
            ROOT_SECTOR,
            SECTOR,
            true,
            utc,
            concat(sharingProtocol(), rockRidgeExtension(), posix(MODE_DIRECTORY))));
    root.writeBytes(record(new byte[] {1}, ROOT_SECTOR, SECTOR, true, utc, posix(MODE_DIRECTORY)));
    int sector = FIRST_FILE_SECTOR;
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (Map.Entry<String, String> e : byIdentifier.entrySet()) {
      byte[] content = files.get(e.getValue());
      root.writeBytes(
          record(
              e.getKey().getBytes(StandardCharsets.US_ASCII),
              sector,
              content.length,
              false,
              utc,
              concat(posix(MODE_FILE), name(e.getValue()))));
      data.writeBytes(padded(content));
      sector += sectors(content.length);
    }
    if (root.size() > SECTOR) {
      throw new IllegalArgumentException("too many files for a one-sector ISO 9660 directory");
    }

    ByteArrayOutputStream image = new ByteArrayOutputStream();
    image.writeBytes(new byte[PVD_SECTOR * SECTOR]);
    image.writeBytes(primaryVolumeDescriptor(volumeId, sector, utc));
    // sector 17: the volume descriptor set terminator
    image.writeBytes(padded(new byte[] {(byte) 255, 'C', 'D', '0', '0', '1', 1}));
    image.writeBytes(padded(pathTable(false)));
    image.writeBytes(padded(pathTable(true)));
    image.writeBytes(padded(root.toByteArray()));
    image.writeBytes(data.toByteArray());
    return image.toByteArray();
  }

  /** Level 1 name: upper-case d-characters, 8.3, version 1 ({@code user-data} is USER_DAT.;1). */
  static String identifier(String name) {
    int dot = name.lastIndexOf('.');
    String base = dot < 0 ? name : name.substring(0, dot);
    String extension = dot < 0 ? "" : name.substring(dot + 1);
    return dCharacters(base, 8) + "." + dCharacters(extension, 3) + ";1";
  }

  private static String dCharacters(String s, int max) {
    String upper = s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    return upper.length() > max ? upper.substring(0, max) : upper;
  }

  private static byte[] primaryVolumeDescriptor(
      String volumeId, int totalSectors, ZonedDateTime utc) {
    byte[] d = new byte[SECTOR];
    d[0] = 1;
    ascii(d, 1, "CD001", 5);
    d[6] = 1;
    ascii(d, 8, "", 32); // system identifier
    ascii(d, 40, volumeId, 32);
    bothEndian32(d, 80, totalSectors);
    bothEndian16(d, 120, 1); // volume set size
    bothEndian16(d, 124, 1); // volume sequence number
    bothEndian16(d, 128, SECTOR);
    bothEndian32(d, 132, PATH_TABLE_SIZE);
    littleEndian32(d, 140, L_PATH_TABLE_SECTOR);
    bigEndian32(d, 148, M_PATH_TABLE_SECTOR);
    System.arraycopy(
        record(new byte[] {0}, ROOT_SECTOR, SECTOR, true, utc, new byte[0]), 0, d, 156, 34);
    ascii(d, 190, "", 512); // volume set, publisher, preparer, application identifiers
    ascii(d, 702, "", 111); // copyright, abstract, bibliographic file identifiers
    String created = utc.format(VOLUME_DATE) + "00";
    ascii(d, 813, created, 16); // creation
    ascii(d, 830, created, 16); // modification
    ascii(d, 847, "0".repeat(16), 16); // expiration: none
    ascii(d, 864, "0".repeat(16), 16); // effective: now
    d[881] = 1; // file structure version
    return d;
  }

  /** The one-entry path table (the root), in little- or big-endian form. */
  private static byte[] pathTable(boolean bigEndian) {
    byte[] t = new byte[PATH_TABLE_SIZE];
    t[0] = 1; // identifier length
    if (bigEndian) {
      bigEndian32(t, 2, ROOT_SECTOR);
      t[7] = 1; // parent directory number
    } else {
      littleEndian32(t, 2, ROOT_SECTOR);
      t[6] = 1;
    }
    return t; // identifier 0x00 and one pad byte follow
  }

  private static byte[] record(
      byte[] id, int extent, int size, boolean directory, ZonedDateTime utc, byte[] systemUse) {
    int pad = id.length % 2 == 0 ? 1 : 0; // keeps the system use area at an even offset
    int length = 33 + id.length + pad + systemUse.length;
    if (length > 255) {
      throw new IllegalArgumentException("ISO 9660 directory record too long: " + length);
    }
    byte[] r = new byte[length];
    r[0] = (byte) length;
    bothEndian32(r, 2, extent);
    bothEndian32(r, 10, size);
    r[18] = (byte) (utc.getYear() - 1900);
    r[19] = (byte) utc.getMonthValue();
    r[20] = (byte) utc.getDayOfMonth();
    r[21] = (byte) utc.getHour();
    r[22] = (byte) utc.getMinute();
    r[23] = (byte) utc.getSecond();
    r[25] = (byte) (directory ? FLAG_DIRECTORY : 0);
    bothEndian16(r, 28, 1);
    r[32] = (byte) id.length;
    System.arraycopy(id, 0, r, 33, id.length);
    System.arraycopy(systemUse, 0, r, 33 + id.length + pad, systemUse.length);
    return r;
  }

  /** SUSP "SP": marks the image as using system use entries; first in the root's "." record. */
  private static byte[] sharingProtocol() {
    return new byte[] {'S', 'P', 7, 1, (byte) 0xBE, (byte) 0xEF, 0};
  }

  /** SUSP "ER": names the Rock Ridge extension, which is how Linux turns Rock Ridge on. */
  private static byte[] rockRidgeExtension() {
    byte[] id = RRIP_ID.getBytes(StandardCharsets.US_ASCII);
    byte[] description = RRIP_DESCRIPTION.getBytes(StandardCharsets.US_ASCII);
    byte[] source = RRIP_SOURCE.getBytes(StandardCharsets.US_ASCII);
    byte[] header = {
      'E',
      'R',
      (byte) (8 + id.length + description.length + source.length),
      1,
      (byte) id.length,
      (byte) description.length,
      (byte) source.length,
      1
    };
    return concat(header, id, description, source);
  }

  /** Rock Ridge "PX": POSIX mode, one link, owned by root. */
  private static byte[] posix(int mode) {
    byte[] px = new byte[36];
    px[0] = 'P';
    px[1] = 'X';
    px[2] = 36;
    px[3] = 1;
    bothEndian32(px, 4, mode);
    bothEndian32(px, 12, 1);
    return px;
  }

  /** Rock Ridge "NM": the file's real name. */
  private static byte[] name(String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    return concat(new byte[] {'N', 'M', (byte) (5 + n.length), 1, 0}, n);
  }

  private static int sectors(int bytes) {
    return (bytes + SECTOR - 1) / SECTOR;
  }

  private static byte[] padded(byte[] b) {
    byte[] p = new byte[sectors(b.length) * SECTOR];
    System.arraycopy(b, 0, p, 0, b.length);
    return p;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Space-padded a-characters, as the descriptor's text fields require. */
  private static void ascii(byte[] d, int offset, String s, int length) {
    byte[] b = String.format("%-" + length + "s", s).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, d, offset, length);
  }

  private static void bothEndian16(byte[] d, int offset, int v) {
    d[offset] = (byte) v;
    d[offset + 1] = (byte) (v >> 8);
    d[offset + 2] = (byte) (v >> 8);
    d[offset + 3] = (byte) v;
  }

  private static void bothEndian32(byte[] d, int offset, int v) {
    littleEndian32(d, offset, v);
    bigEndian32(d, offset + 4, v);
  }

  private static void littleEndian32(byte[] d, int offset, int v) {
    for (int i = 0; i < 4; i++) {
      d[offset + i] = (byte) (v >> (8 * i));
    }
  }

  private static void bigEndian32(byte[] d, int offset, int v) {
    for (int i = 0; i < 4; i++) {
      d[offset + 3 - i] = (byte) (v >> (8 * i));
    }
  }
}
