package dev.osc.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

final class Logging {
  private Logging() {}

  /** Sets the level of the project's own loggers (dev.osc). */
  static void level(String level) {
    ((Logger) LoggerFactory.getLogger("dev.osc")).setLevel(Level.toLevel(level, Level.INFO));
  }
}
