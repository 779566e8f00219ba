package dev.osc.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The log level of the project's own loggers (dev.osc), as the commands' options set it. */
public final class Logging {
  private Logging() {}

  public static void level(String level) {
    ((Logger) LoggerFactory.getLogger("dev.osc")).setLevel(Level.toLevel(level, Level.INFO));
  }
}
