package dev.osc.caa.cloud.libvirt;

import static dev.osc.caa.cloud.libvirt.Xml.escape;

/** Storage pool XML: the directory pool the image Job makes when LIBVIRT_POOL is missing. */
final class PoolXml {
  private PoolXml() {}

  static String directory(String name, String path) {
    return "<pool type='dir'>\n  <name>"
        + escape(name)
        + "</name>\n"
        + "  <target>\n    <path>"
        + escape(path)
        + "</path>\n  </target>\n</pool>\n";
  }
}
