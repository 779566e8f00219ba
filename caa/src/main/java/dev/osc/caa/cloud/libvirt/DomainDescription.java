package dev.osc.caa.cloud.libvirt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a defined domain's XML says about it, as far as this provider cares.
 *
 * @param tags the tags in our metadata element, or null when the domain has none: then this adaptor
 *     did not make it and must leave it alone
 * @param diskFiles the files behind its disks (not their backing images), to delete with it
 */
record DomainDescription(
    String name, String uuid, Map<String, String> tags, List<String> diskFiles) {

  static DomainDescription parse(String domainXml) {
    Element domain = Xml.parse(domainXml);
    Map<String, String> tags = null;
    Element metadata = Xml.child(domain, "metadata");
    if (metadata != null) {
      NodeList ours =
          metadata.getElementsByTagNameNS(
              DomainDefinition.TAGS_NAMESPACE, DomainDefinition.TAGS_ELEMENT);
      if (ours.getLength() > 0) {
        tags = new LinkedHashMap<>();
        NodeList entries =
            ((Element) ours.item(0))
                .getElementsByTagNameNS(
                    DomainDefinition.TAGS_NAMESPACE, DomainDefinition.TAG_ELEMENT);
        for (int i = 0; i < entries.getLength(); i++) {
          Element tag = (Element) entries.item(i);
          tags.put(
              tag.getAttribute(DomainDefinition.KEY), tag.getAttribute(DomainDefinition.VALUE));
        }
      }
    }
    List<String> disks = new ArrayList<>();
    Element devices = Xml.child(domain, "devices");
    if (devices != null) {
      for (Element disk : Xml.children(devices, "disk")) {
        Element source = Xml.child(disk, "source");
        if (source != null && !source.getAttribute("file").isEmpty()) {
          disks.add(source.getAttribute("file"));
        }
      }
    }
    return new DomainDescription(
        Xml.child(domain, "name").getTextContent().trim(),
        Xml.child(domain, "uuid").getTextContent().trim(),
        tags,
        disks);
  }

  boolean madeByUs() {
    return tags != null;
  }

  boolean carries(Map<String, String> wanted) {
    return madeByUs() && tags.entrySet().containsAll(wanted.entrySet());
  }
}
