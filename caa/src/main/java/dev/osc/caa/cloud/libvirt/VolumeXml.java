package dev.osc.caa.cloud.libvirt;

import static dev.osc.caa.cloud.libvirt.Xml.escape;

import org.w3c.dom.Element;

/**
 * Storage volume XML: the root disk overlay, the raw seed volume, and reading a volume's format.
 */
final class VolumeXml {
  static final String QCOW2 = "qcow2";
  static final String RAW = "raw";

  private VolumeXml() {}

  /** A qcow2 volume whose unwritten blocks come from {@code backingPath}. */
  static String overlay(String name, long capacityBytes, String backingPath, String backingFormat) {
    return "<volume>\n  <name>"
        + escape(name)
        + "</name>\n"
        + "  <capacity unit='bytes'>"
        + capacityBytes
        + "</capacity>\n"
        + "  <target>\n    <format type='"
        + QCOW2
        + "'/>\n  </target>\n"
        + "  <backingStore>\n    <path>"
        + escape(backingPath)
        + "</path>\n"
        + "    <format type='"
        + escape(backingFormat)
        + "'/>\n  </backingStore>\n</volume>\n";
  }

  /** An empty qcow2 volume, to be overwritten by an upload of a qcow2 file of that size. */
  static String qcow2(String name, long capacityBytes) {
    return empty(name, capacityBytes, QCOW2);
  }

  static String raw(String name, long capacityBytes) {
    return empty(name, capacityBytes, RAW);
  }

  private static String empty(String name, long capacityBytes, String format) {
    return "<volume>\n  <name>"
        + escape(name)
        + "</name>\n"
        + "  <capacity unit='bytes'>"
        + capacityBytes
        + "</capacity>\n"
        + "  <target>\n    <format type='"
        + format
        + "'/>\n  </target>\n</volume>\n";
  }

  /** The volume's format ({@code target/format/@type}); raw when libvirt does not say. */
  static String format(String volumeXml) {
    Element target = Xml.child(Xml.parse(volumeXml), "target");
    Element format = target == null ? null : Xml.child(target, "format");
    return format == null || format.getAttribute("type").isEmpty()
        ? RAW
        : format.getAttribute("type");
  }
}
