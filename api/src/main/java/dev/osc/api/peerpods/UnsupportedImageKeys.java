package dev.osc.api.peerpods;

import static dev.osc.api.peerpods.PodVmImageKeys.AMI_BASE_NAME;
import static dev.osc.api.peerpods.PodVmImageKeys.AMI_ID;
import static dev.osc.api.peerpods.PodVmImageKeys.AMI_VERSION;
import static dev.osc.api.peerpods.PodVmImageKeys.AMI_VERSION_MAJ_MIN;
import static dev.osc.api.peerpods.PodVmImageKeys.AMI_VOLUME_SIZE;
import static dev.osc.api.peerpods.PodVmImageKeys.BUCKET_NAME;
import static dev.osc.api.peerpods.PodVmImageKeys.IMAGE_NAME;
import static dev.osc.api.peerpods.PodVmImageKeys.PODVM_IMAGE_URI;
import static dev.osc.api.peerpods.PodVmImageKeys.PODVM_SNAPSHOT_ID;
import static dev.osc.api.peerpods.PodVmImageKeys.SE_BOOT;
import static dev.osc.api.peerpods.PodVmImageKeys.UPDATE_PEERPODS_CM;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which keys of a provider's {@code <provider>-podvm-image-cm} the image Job does not honour, and
 * why: the keys of Red Hat's operator that drive its image build (osc builds no image, it imports
 * the prebuilt disk of PODVM_IMAGE_URI), a switch set to what only such a build could do, and keys
 * neither knows. An empty value is a key not set. Values are never quoted, except those of the
 * yes/no switches: ORG_ID and ACTIVATION_KEY are credentials.
 */
public final class UnsupportedImageKeys {
  private UnsupportedImageKeys() {}

  /** One key the Job does not honour; {@link #message} is the Warning Event's. */
  public record Finding(String key, String why) {
    public String message() {
      return key + " is not supported by this operator: " + why;
    }
  }

  /** Read by the Job for that provider. */
  private static final Map<Provider, Set<String>> USED =
      Map.of(
          Provider.AWS,
          Set.of(
              UPDATE_PEERPODS_CM,
              AMI_BASE_NAME,
              AMI_VERSION_MAJ_MIN,
              AMI_VERSION,
              PODVM_SNAPSHOT_ID,
              PODVM_IMAGE_URI,
              BUCKET_NAME,
              AMI_VOLUME_SIZE,
              AMI_ID),
          Provider.LIBVIRT,
          Set.of(UPDATE_PEERPODS_CM, IMAGE_NAME, PODVM_IMAGE_URI));

  /** Inputs of Red Hat's image build (packer or its libvirt builder) only. */
  private static final Set<String> BUILD_ONLY =
      Set.of(
          "PODVM_DISTRO",
          "CAA_SRC",
          "CAA_REF",
          "ORG_ID",
          "ACTIVATION_KEY",
          "BASE_OS_VERSION",
          "INSTANCE_TYPE",
          "AGENT_POLICY",
          "NVIDIA_DRIVER_VERSION",
          "NVIDIA_USERSPACE_VERSION",
          "DISABLE_CLOUD_CONFIG");

  /** Build switches and the one value osc honours: the build step it names is not wanted. */
  private static final Map<String, String> SWITCH_OFF =
      Map.of(
          "DOWNLOAD_SOURCES",
          "no",
          "INSTALL_PACKAGES",
          "no",
          "CONFIDENTIAL_COMPUTE_ENABLED",
          "no",
          "ENABLE_NVIDIA_GPU",
          "no",
          "BOOT_FIPS",
          "no",
          SE_BOOT,
          "false");

  /** The findings for {@code data}, in key order; none for a provider without image Jobs. */
  public static List<Finding> of(Provider provider, Map<String, String> data) {
    List<Finding> findings = new ArrayList<>();
    String cm = PodVmImageKeys.configMapOf(provider).orElse(null);
    if (cm == null) {
      return findings;
    }
    String image = "it uses the prebuilt disk of " + PODVM_IMAGE_URI + " as it is";
    for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
      String key = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue().trim();
      if (value.isEmpty() || USED.get(provider).contains(key)) {
        continue;
      }
      if (BUILD_ONLY.contains(key)) {
        findings.add(new Finding(key, "osc builds no pod VM image; " + image));
      } else if (SWITCH_OFF.containsKey(key)) {
        String off = SWITCH_OFF.get(key);
        if (!value.equalsIgnoreCase(off)) {
          findings.add(new Finding(key, switchWhy(key, value, off, image)));
        }
      } else {
        findings.add(new Finding(key, "it is not a key of " + cm));
      }
    }
    return findings;
  }

  private static String switchWhy(String key, String value, String off, String image) {
    String what =
        key.equals(SE_BOOT)
            ? "osc cannot build an IBM Secure Execution image; "
                + image
                + " (set "
                + key
                + " to \""
                + off
                + "\", and name a Secure Execution image in "
                + PODVM_IMAGE_URI
                + " to run one)"
            : "osc builds no pod VM image; " + image + " (set it to \"" + off + "\")";
    return "'" + value + "': " + what;
  }
}
