package dev.osc.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One JSON Patch (RFC 6902) operation; {@code value} is absent for "remove". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatchOp(String op, String path, Object value) {

  /** Sets {@code path}, replacing what is there: valid whether or not the member exists. */
  public static PatchOp add(String path, Object value) {
    return new PatchOp("add", path, value);
  }

  /** Only for members known to exist: the API server rejects the whole patch otherwise. */
  public static PatchOp remove(String path) {
    return new PatchOp("remove", path, null);
  }

  /** A map key as one JSON Pointer (RFC 6901) segment. */
  public static String segment(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
