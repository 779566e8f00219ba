package dev.osc.caa.cloud.aws;

import static dev.osc.api.PeerPodsKeys.AWS_ACCESS_KEY_ID;
import static dev.osc.api.PeerPodsKeys.AWS_REGION;
import static dev.osc.api.PeerPodsKeys.AWS_SECRET_ACCESS_KEY;
import static dev.osc.api.PeerPodsKeys.AWS_SESSION_TOKEN;
import static dev.osc.api.PeerPodsKeys.AWS_SG_IDS;
import static dev.osc.api.PeerPodsKeys.AWS_SUBNET_ID;
import static dev.osc.api.PeerPodsKeys.DISABLECVM;
import static dev.osc.api.PeerPodsKeys.PODVM_AMI_ID;
import static dev.osc.api.PeerPodsKeys.PODVM_INSTANCE_TYPE;
import static dev.osc.api.PeerPodsKeys.PODVM_INSTANCE_TYPES;
import static dev.osc.api.PeerPodsKeys.ROOT_VOLUME_SIZE;
import static dev.osc.api.PeerPodsKeys.SSH_KP_NAME;
import static dev.osc.api.PeerPodsKeys.TAGS;
import static dev.osc.api.PeerPodsKeys.USE_PUBLIC_IP;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The AWS provider's configuration, read from the peer-pods ConfigMap and Secret keys. Every error
 * names the key it is about. {@link #toString} shows no credentials.
 */
public final class AwsSettings {
  /** Our documented default pod VM size (upstream's is m6a.large). */
  public static final String DEFAULT_INSTANCE_TYPE = "t3.medium";
  /** GiB; raised at start-up to the AMI's own root volume size when smaller. */
  public static final int DEFAULT_ROOT_VOLUME_SIZE = 30;
  /** Our documented default: no confidential VMs unless asked for. */
  public static final boolean DEFAULT_DISABLECVM = true;
  /** The EC2 endpoint to call instead of the region's (VPC endpoints, tests); the SDK's name. */
  public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";

  private final String region;
  private final String amiId;
  private final String instanceType;
  private final List<String> instanceTypes;
  private final String subnetId;
  private final List<String> securityGroupIds;
  private final String keyName;
  private final int rootVolumeSizeGiB;
  private final boolean disableCvm;
  private final boolean usePublicIp;
  private final Map<String, String> tags;
  private final AwsCredentials credentials;
  private final URI endpoint;

  private AwsSettings(Map<String, String> env) {
    region = optional(env, AWS_REGION);
    amiId = optional(env, PODVM_AMI_ID);
    if (amiId == null) {
      throw new IllegalArgumentException(PODVM_AMI_ID + ": required (the pod VM image's AMI id)");
    }
    String type = optional(env, PODVM_INSTANCE_TYPE);
    instanceType = type == null ? DEFAULT_INSTANCE_TYPE : type;
    instanceTypes = list(env, PODVM_INSTANCE_TYPES);
    subnetId = optional(env, AWS_SUBNET_ID);
    securityGroupIds = list(env, AWS_SG_IDS);
    keyName = optional(env, SSH_KP_NAME);
    rootVolumeSizeGiB = rootVolumeSize(optional(env, ROOT_VOLUME_SIZE));
    disableCvm = bool(env, DISABLECVM, DEFAULT_DISABLECVM);
    usePublicIp = bool(env, USE_PUBLIC_IP, false);
    tags = tags(optional(env, TAGS));
    credentials = staticCredentials(env);
    endpoint = endpointOverride(env);
  }

  /** Reads the settings; throws IllegalArgumentException naming the key that is wrong. */
  public static AwsSettings from(Map<String, String> env) {
    return new AwsSettings(env);
  }

  /** The region, or null for the SDK's default lookup (environment, profile, instance metadata). */
  public String region() {
    return region;
  }

  public String amiId() {
    return amiId;
  }

  public String instanceType() {
    return instanceType;
  }

  /** The allowed instance types; empty means only {@link #instanceType()}. */
  public List<String> instanceTypes() {
    return instanceTypes;
  }

  public String subnetId() {
    return subnetId;
  }

  public List<String> securityGroupIds() {
    return securityGroupIds;
  }

  public String keyName() {
    return keyName;
  }

  /** GiB; 0 leaves the root volume at the image's size. */
  public int rootVolumeSizeGiB() {
    return rootVolumeSizeGiB;
  }

  public boolean disableCvm() {
    return disableCvm;
  }

  public boolean usePublicIp() {
    return usePublicIp;
  }

  /** The user's {@code TAGS}, in the order given. */
  public Map<String, String> tags() {
    return tags;
  }

  /** Static credentials, or null for the SDK's default chain (IRSA, instance profile, ...). */
  AwsCredentials credentials() {
    return credentials;
  }

  /** The endpoint override, or null for the region's EC2 endpoint. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public String toString() {
    return "AwsSettings{region=" + region + ", ami=" + amiId + ", instanceType=" + instanceType
        + ", instanceTypes=" + instanceTypes + ", subnet=" + subnetId
        + ", securityGroups=" + securityGroupIds + ", keyName=" + keyName
        + ", rootVolumeSizeGiB=" + rootVolumeSizeGiB + ", disableCvm=" + disableCvm
        + ", usePublicIp=" + usePublicIp + ", tags=" + tags
        + ", credentials=" + (credentials == null ? "default chain" : "static")
        + ", endpoint=" + endpoint + "}";
  }

  static String optional(Map<String, String> env, String key) {
    String value = env.get(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static List<String> list(Map<String, String> env, String key) {
    String value = optional(env, key);
    return value == null ? List.of() : Arrays.stream(value.split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }

  private static boolean bool(Map<String, String> env, String key, boolean defaultValue) {
    String value = optional(env, key);
    if (value == null) {
      return defaultValue;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(key + ": '" + value + "' is not true or false");
  }

  private static int rootVolumeSize(String value) {
    if (value == null) {
      return DEFAULT_ROOT_VOLUME_SIZE;
    }
    try {
      int gib = Integer.parseInt(value);
      if (gib >= 0) {
        return gib;
      }
    } catch (NumberFormatException tooBigOrNotANumber) {
      // reported below
    }
    throw new IllegalArgumentException(ROOT_VOLUME_SIZE + ": '" + value
        + "' is not a size in GiB (a whole number from 0 to " + Integer.MAX_VALUE + ")");
  }

  /** {@code k=v,k2=v2}; AWS reserves keys starting with {@code aws:}. */
  private static Map<String, String> tags(String value) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (value == null) {
      return Collections.unmodifiableMap(tags);
    }
    for (String pair : value.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? "" : pair.substring(0, eq).trim();
      if (key.isEmpty()) {
        throw new IllegalArgumentException(TAGS + ": '" + pair.trim()
            + "' is not key=value (expected k1=v1,k2=v2)");
      }
      if (key.toLowerCase().startsWith("aws:")) {
        throw new IllegalArgumentException(TAGS + ": tag key '" + key
            + "' uses the prefix aws:, which AWS reserves");
      }
      tags.put(key, pair.substring(eq + 1).trim());
    }
    return Collections.unmodifiableMap(tags);
  }

  /** The static credentials of the environment, or null for the SDK's default chain. */
  static AwsCredentials staticCredentials(Map<String, String> env) {
    String id = optional(env, AWS_ACCESS_KEY_ID);
    String secret = optional(env, AWS_SECRET_ACCESS_KEY);
    String session = optional(env, AWS_SESSION_TOKEN);
    if (id == null && secret == null) {
      if (session != null) {
        throw new IllegalArgumentException(AWS_SESSION_TOKEN + ": set without "
            + AWS_ACCESS_KEY_ID + " and " + AWS_SECRET_ACCESS_KEY);
      }
      return null;
    }
    if (id == null || secret == null) {
      throw new IllegalArgumentException((id == null ? AWS_ACCESS_KEY_ID : AWS_SECRET_ACCESS_KEY)
          + ": required when " + (id == null ? AWS_SECRET_ACCESS_KEY : AWS_ACCESS_KEY_ID)
          + " is set (static credentials need both)");
    }
    return session == null ? AwsBasicCredentials.create(id, secret)
        : AwsSessionCredentials.create(id, secret, session);
  }

  /** {@link #AWS_ENDPOINT_URL}, or null. */
  static URI endpointOverride(Map<String, String> env) {
    String value = optional(env, AWS_ENDPOINT_URL);
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException notAUri) {
      // reported below
    }
    throw new IllegalArgumentException(AWS_ENDPOINT_URL + ": '" + value
        + "' is not an http(s) URL");
  }
}
