package dev.osc.api.v1;

import com.fasterxml.jackson.annotation.JsonValue;

/** The CRI-O log levels ({@code crio --log-level}). */
public enum LogLevel {
  TRACE,
  DEBUG,
  INFO,
  WARN,
  ERROR,
  FATAL,
  PANIC;

  /** The level for a value as written in the spec; IllegalArgumentException when unknown. */
  public static LogLevel parse(String value) {
    for (LogLevel l : values()) {
      if (l.value().equals(value)) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown log level " + value);
  }

  @JsonValue
  public String value() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
