package dev.osc.caa.cloud;

import java.util.List;
import java.util.Map;

/**
 * A pod VM as the provider reports it.
 *
 * @param id the provider's id (EC2 instance id, libvirt domain UUID)
 * @param ips addresses the adaptor reaches the VM's forwarder on, first one preferred
 */
public record Instance(String id, String name, List<String> ips, Map<String, String> tags) {
  public Instance {
    ips = List.copyOf(ips);
    tags = Map.copyOf(tags);
  }
}
