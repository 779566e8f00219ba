package dev.osc.api.peerpods;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The guides' config maps and secrets, placeholders filled with plausible values, plus helpers to
 * derive a variant. Keys are in the guides' order.
 */
final class DocExamples {
  private DocExamples() {}

  /** AWS 3.2, "Create a peer-pods-cm.yaml manifest file according to the following example". */
  static Map<String, String> awsConfigMap() {
    return map(
        "CLOUD_PROVIDER", "aws",
        "VXLAN_PORT", "9000",
        "PROXY_TIMEOUT", "5m",
        "PODVM_INSTANCE_TYPE", "t3.medium",
        "PODVM_INSTANCE_TYPES", "t2.small,t2.medium,t3.large",
        "PODVM_AMI_ID", "ami-0a1b2c3d4e5f67890",
        "AWS_REGION", "us-east-2",
        "AWS_SUBNET_ID", "subnet-0123456789abcdef0",
        "AWS_VPC_ID", "vpc-0fedcba9876543210",
        "AWS_SG_IDS", "sg-0a1b2c3d4e5f60001,sg-0a1b2c3d4e5f60002",
        "TAGS", "key1=value1,key2=value2",
        "PEERPODS_LIMIT_PER_NODE", "10",
        "ROOT_VOLUME_SIZE", "6",
        "DISABLECVM", "true");
  }

  /** The keys the credentials controller writes for AWS (osc-operator §4.5). */
  static Map<String, String> awsSecret() {
    return map(
        "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  }

  /** IBM Z 6.2.5. */
  static Map<String, String> libvirtConfigMap() {
    return map(
        "CLOUD_PROVIDER", "libvirt",
        "PEERPODS_LIMIT_PER_NODE", "10",
        "LIBVIRT_POOL", "peerpods-pool",
        "LIBVIRT_VOL_NAME", "peerpods-vol",
        "LIBVIRT_DIR_NAME", "/var/lib/libvirt/images/peerpods",
        "LIBVIRT_NET", "default",
        "DISABLECVM", "true");
  }

  /** IBM Z 6.2.4. */
  static Map<String, String> libvirtSecret() {
    return map(
        "CLOUD_PROVIDER", "libvirt",
        "LIBVIRT_URI", "qemu+ssh://root@192.168.122.1/system?no_verify=1",
        "REDHAT_OFFLINE_TOKEN", "eyJhbGciOiJIUzI1NiIsInR5cCIgOiAiSldUIn0.offline.token");
  }

  /** A copy of {@code base} with each key set to the value that follows it; null removes it. */
  static Map<String, String> with(Map<String, String> base, String... keysAndValues) {
    Map<String, String> copy = new LinkedHashMap<>(base);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] == null) {
        copy.remove(keysAndValues[i]);
      } else {
        copy.put(keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return copy;
  }

  static Map<String, String> without(Map<String, String> base, String... keys) {
    Map<String, String> copy = new LinkedHashMap<>(base);
    for (String key : keys) {
      copy.remove(key);
    }
    return copy;
  }

  static Map<String, String> map(String... keysAndValues) {
    return with(Map.of(), keysAndValues);
  }
}
