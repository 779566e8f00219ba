package dev.osc.testkit.ec2;

import java.util.LinkedHashMap;
import java.util.Map;

/** The instance types the endpoint knows, with the sizes EC2 publishes for them. */
final class Ec2Catalog {
  private Ec2Catalog() {}

  /**
   * An instance type.
   *
   * @param sevSnp whether the type runs AMD SEV-SNP guests (EC2's {@code amd-sev-snp} feature)
   */
  record Type(
      String name,
      int vcpus,
      long memoryMiB,
      int gpus,
      String gpuName,
      int gpuMemoryMiB,
      String cpuMaker,
      boolean sevSnp) {}

  static final Map<String, Type> TYPES = new LinkedHashMap<>();

  static {
    add(new Type("t3.medium", 2, 4096, 0, null, 0, "Intel", false));
    add(new Type("t3.large", 2, 8192, 0, null, 0, "Intel", false));
    add(new Type("m6a.large", 2, 8192, 0, null, 0, "AMD", true));
    add(new Type("m6a.xlarge", 4, 16384, 0, null, 0, "AMD", true));
    add(new Type("c5.xlarge", 4, 8192, 0, null, 0, "Intel", false));
    add(new Type("g4dn.xlarge", 4, 16384, 1, "T4", 16384, "Intel", false));
  }

  private static void add(Type type) {
    TYPES.put(type.name(), type);
  }
}
