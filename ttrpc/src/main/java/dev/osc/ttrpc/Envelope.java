package dev.osc.ttrpc;

/** Encoding of the {@code ttrpc.Request} and {@code ttrpc.Response} messages carried in frames. */
final class Envelope {
  private Envelope() {}

  /** A decoded ttrpc.Request; {@code timeoutNanos} 0 means no deadline. */
  record Request(
      String service, String method, byte[] payload, long timeoutNanos, Metadata metadata) {}

  /** A decoded ttrpc.Response; code OK with an empty message on success. */
  record Response(StatusCode code, String message, byte[] payload) {}

  static byte[] encode(Request r) {
    Proto.Writer w =
        new Proto.Writer()
            .string(Wire.REQUEST_SERVICE, r.service())
            .string(Wire.REQUEST_METHOD, r.method())
            .bytes(Wire.REQUEST_PAYLOAD, r.payload())
            .int64(Wire.REQUEST_TIMEOUT_NANO, r.timeoutNanos());
    r.metadata()
        .asMap()
        .forEach(
            (key, values) ->
                values.forEach(
                    value ->
                        w.message(
                            Wire.REQUEST_METADATA,
                            new Proto.Writer()
                                .string(Wire.KEY_VALUE_KEY, key)
                                .string(Wire.KEY_VALUE_VALUE, value))));
    return w.toByteArray();
  }

  static Request decodeRequest(byte[] bytes) {
    String service = "";
    String method = "";
    byte[] payload = new byte[0];
    long timeout = 0;
    Metadata metadata = Metadata.EMPTY;
    Proto.Reader r = new Proto.Reader(bytes);
    while (r.next()) {
      switch (r.field()) {
        case Wire.REQUEST_SERVICE -> service = r.readString();
        case Wire.REQUEST_METHOD -> method = r.readString();
        case Wire.REQUEST_PAYLOAD -> payload = r.readBytes();
        case Wire.REQUEST_TIMEOUT_NANO -> timeout = r.readInt64();
        case Wire.REQUEST_METADATA -> {
          Proto.Reader kv = r.readMessage();
          String key = "";
          String value = "";
          while (kv.next()) {
            switch (kv.field()) {
              case Wire.KEY_VALUE_KEY -> key = kv.readString();
              case Wire.KEY_VALUE_VALUE -> value = kv.readString();
              default -> kv.skip();
            }
          }
          metadata = metadata.with(key, value);
        }
        default -> r.skip();
      }
    }
    return new Request(service, method, payload, timeout, metadata);
  }

  static byte[] encode(Response r) {
    // The status is always present, even for OK: the Go client of some versions requires it.
    Proto.Writer status =
        new Proto.Writer()
            .int32(Wire.STATUS_CODE, r.code().value())
            .string(Wire.STATUS_MESSAGE, r.message());
    return new Proto.Writer()
        .message(Wire.RESPONSE_STATUS, status)
        .bytes(Wire.RESPONSE_PAYLOAD, r.payload())
        .toByteArray();
  }

  static Response decodeResponse(byte[] bytes) {
    // A missing status means OK, as Go ttrpc v1.2.x reads it.
    StatusCode code = StatusCode.OK;
    String message = "";
    byte[] payload = new byte[0];
    Proto.Reader r = new Proto.Reader(bytes);
    while (r.next()) {
      switch (r.field()) {
        case Wire.RESPONSE_STATUS -> {
          Proto.Reader s = r.readMessage();
          while (s.next()) {
            switch (s.field()) {
              case Wire.STATUS_CODE -> code = StatusCode.of(s.readInt32());
              case Wire.STATUS_MESSAGE -> message = s.readString();
              default -> s.skip(); // details (Any) are not surfaced
            }
          }
        }
        case Wire.RESPONSE_PAYLOAD -> payload = r.readBytes();
        default -> r.skip();
      }
    }
    return new Response(code, message, payload);
  }
}
