package dev.fleetscope.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects ERROR log events as one-line messages, for the smoke test's {@code errors} list;
 * uncaught exceptions arrive here too, logged by {@link CrashReports}. The full stack traces stay
 * in the log file.
 */
public final class ErrorCollector extends AppenderBase<ILoggingEvent> {
  private final List<String> errors = new ArrayList<>();

  /** Attaches a collector to the root logger. */
  public static ErrorCollector install() {
    ErrorCollector c = new ErrorCollector();
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    c.setContext(ctx);
    c.setName("error-collector");
    c.start();
    ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(c);
    return c;
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
      String cause =
          event.getThrowableProxy() == null
              ? ""
              : " ("
                  + event.getThrowableProxy().getClassName()
                  + ": "
                  + event.getThrowableProxy().getMessage()
                  + ")";
      synchronized (errors) {
        errors.add(event.getLoggerName() + ": " + event.getFormattedMessage() + cause);
      }
    }
  }

  public List<String> errors() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }
}
