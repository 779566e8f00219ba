package dev.osc.testkit.ec2;

import java.util.ArrayDeque;

/** Writes EC2 query-protocol XML: elements in the 2016-11-15 namespace, lists as {@code item}s. */
final class Ec2Xml {
  static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

  private final StringBuilder out =
      new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  private final ArrayDeque<String> open = new ArrayDeque<>();

  /** {@code <ActionResponse xmlns=...><requestId>..</requestId>}; close with {@link #done}. */
  static Ec2Xml response(String action, String requestId) {
    Ec2Xml xml = new Ec2Xml();
    xml.out.append('<').append(action).append("Response xmlns=\"").append(NAMESPACE).append("\">");
    xml.open.push(action + "Response");
    return xml.leaf("requestId", requestId);
  }

  /** The error document EC2 sends with a 4xx/5xx status (no namespace, {@code RequestID}). */
  static String error(String code, String message, String requestId) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>"
        + escape(code)
        + "</Code><Message>"
        + escape(message)
        + "</Message></Error></Errors><RequestID>"
        + escape(requestId)
        + "</RequestID></Response>";
  }

  Ec2Xml start(String name) {
    out.append('<').append(name).append('>');
    open.push(name);
    return this;
  }

  Ec2Xml end() {
    out.append("</").append(open.pop()).append('>');
    return this;
  }

  /** {@code <name>value</name>}, or nothing for a null value (EC2 omits unset fields). */
  Ec2Xml leaf(String name, Object value) {
    if (value != null) {
      out.append('<')
          .append(name)
          .append('>')
          .append(escape(value.toString()))
          .append("</")
          .append(name)
          .append('>');
    }
    return this;
  }

  String done() {
    while (!open.isEmpty()) {
      end();
    }
    return out.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
