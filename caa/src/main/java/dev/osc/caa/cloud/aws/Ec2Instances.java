package dev.osc.caa.cloud.aws;

import dev.osc.caa.cloud.InstanceTags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Reads what the adaptor needs out of EC2's description of an instance. */
final class Ec2Instances {
  private Ec2Instances() {}

  private static final String UNSPECIFIED = "0.0.0.0";

  static dev.osc.caa.cloud.Instance toInstance(Instance instance, List<String> ips) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (Tag tag : instance.tags()) {
      tags.put(tag.key(), tag.value());
    }
    return new dev.osc.caa.cloud.Instance(
        instance.instanceId(), tags.getOrDefault(InstanceTags.NAME, ""), ips, tags);
  }

  /**
   * The private address of each network interface, primary first; with {@code publicFirst} the
   * first one replaced by the public address (empty when there is none yet), as upstream does.
   */
  static List<String> addresses(Instance instance, boolean publicFirst) {
    List<String> ips =
        new ArrayList<>(
            instance.networkInterfaces().stream()
                .sorted(Comparator.comparing(Ec2Instances::deviceIndex))
                .map(InstanceNetworkInterface::privateIpAddress)
                .toList());
    if (ips.isEmpty() && instance.privateIpAddress() != null) {
      ips.add(instance.privateIpAddress());
    }
    if (publicFirst) {
      String publicIp = instance.publicIpAddress() == null ? "" : instance.publicIpAddress();
      if (ips.isEmpty()) {
        ips.add(publicIp);
      } else {
        ips.set(0, publicIp);
      }
    }
    return ips;
  }

  /** EC2 reports an address it has not assigned yet as empty or 0.0.0.0. */
  static boolean notReady(String ip) {
    return ip == null || ip.isBlank() || ip.equals(UNSPECIFIED);
  }

  private static int deviceIndex(InstanceNetworkInterface nic) {
    return nic.attachment() == null || nic.attachment().deviceIndex() == null
        ? Integer.MAX_VALUE
        : nic.attachment().deviceIndex();
  }
}
