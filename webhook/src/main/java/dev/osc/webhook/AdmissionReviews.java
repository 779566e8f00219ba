package dev.osc.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * AdmissionReview v1 on the wire: what makes a body a request we can answer, and the answer. Every
 * refusal is a {@link BadAdmissionRequest} naming the field at fault.
 */
final class AdmissionReviews {
  static final String API_VERSION = "admission.k8s.io/v1";
  static final String KIND = "AdmissionReview";

  /**
   * Real Pods and KataConfigs nest a few dozen levels, managedFields included; the limit keeps
   * parsing and binding far from the thread's stack limit.
   */
  static final int MAX_NESTING = 200;

  /** What a handler needs from a review. */
  record Request(String uid, String operation, JsonNode object) {}

  private final ObjectMapper json =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                  .build())
          // A second "uid" or "object" could make us answer a different request than the API
          // server thinks it sent.
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /**
   * Fields our model does not know are not ours to judge: the API server has already applied the
   * schema, and a field added by a newer CRD must not make every admission fail.
   */
  private final KubernetesSerialization serialization =
      new KubernetesSerialization(
          new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), true);

  Request read(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (StreamConstraintsException e) {
      throw new BadAdmissionRequest(
          "request body is too deeply nested (over " + MAX_NESTING + " levels)");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new BadAdmissionRequest(
          "request body is not valid JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new BadAdmissionRequest("request body cannot be read: " + e.getClass().getSimpleName());
    }
    if (root == null || root.isMissingNode()) {
      throw new BadAdmissionRequest("request body is empty: expected an AdmissionReview");
    }
    if (!root.isObject()
        || !KIND.equals(root.path("kind").textValue())
        || !API_VERSION.equals(root.path("apiVersion").textValue())) {
      throw new BadAdmissionRequest(
          "request body is not an AdmissionReview: expected kind "
              + KIND
              + " and apiVersion "
              + API_VERSION);
    }
    // Binding would turn a number or a boolean into a string, and we would answer a uid the API
    // server never sent.
    JsonNode uid = root.path("request").path("uid");
    if (!uid.isMissingNode() && !uid.isTextual()) {
      throw new BadAdmissionRequest(
          "request.uid: wrong JSON type (expected a string, not "
              + uid.getNodeType().name().toLowerCase(Locale.ROOT)
              + ")");
    }
    AdmissionRequest request = bind(root, AdmissionReview.class, "").getRequest();
    if (request == null) {
      throw new BadAdmissionRequest("AdmissionReview has no request");
    }
    if (request.getUid() == null || request.getUid().isBlank()) {
      throw new BadAdmissionRequest("AdmissionReview request has no uid");
    }
    JsonNode object = root.path("request").path("object");
    if (!object.isObject()) {
      throw new BadAdmissionRequest("AdmissionReview request has no object");
    }
    return new Request(request.getUid(), request.getOperation(), object);
  }

  /** The JSON tree as a model object; {@code at} is the tree's place in the review. */
  <T> T bind(JsonNode node, Class<T> type, String at) {
    try {
      return serialization.convertValue(node, type);
    } catch (IllegalArgumentException e) {
      String where = e.getCause() instanceof JsonMappingException m ? path(at, m) : at;
      // Jackson's own wording names Java classes and quotes the input: not for the caller.
      String why =
          e.getCause() instanceof MismatchedInputException ? "wrong JSON type" : "invalid value";
      throw new BadAdmissionRequest((where.isEmpty() ? "request body" : where) + ": " + why);
    }
  }

  byte[] write(String uid, Verdict verdict) {
    AdmissionResponseBuilder response =
        new AdmissionResponseBuilder().withUid(uid).withAllowed(verdict.allowed());
    if (!verdict.patch().isEmpty()) {
      response
          .withPatchType("JSONPatch")
          .withPatch(
              Base64.getEncoder()
                  .encodeToString(
                      serialization.asJson(verdict.patch()).getBytes(StandardCharsets.UTF_8)));
    }
    if (!verdict.allowed()) {
      response.withStatus(
          new StatusBuilder().withCode(verdict.code()).withMessage(verdict.message()).build());
    }
    AdmissionResponse built = response.build();
    AdmissionReview review =
        new AdmissionReviewBuilder()
            .withApiVersion(API_VERSION)
            .withKind(KIND)
            .withResponse(built)
            .build();
    return serialization.asJson(review).getBytes(StandardCharsets.UTF_8);
  }

  private static String path(String at, JsonMappingException e) {
    StringBuilder b = new StringBuilder(at);
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }
}
