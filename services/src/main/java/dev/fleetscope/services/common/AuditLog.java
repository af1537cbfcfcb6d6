package dev.fleetscope.services.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of every change the console made to a cluster: one JSON object per line in a file of
 * the user's state directory, appended and flushed before the action reports success. It names who
 * (the OS user and the kubeconfig context), what (object and the exact patch bodies) and how it
 * ended; it never holds credentials.
 */
public final class AuditLog {
  private static final JsonFactory JSON = new JsonFactory();
  private final Path file;

  /** One cluster write. {@code outcome} is "ok" or the error the API server gave. */
  public record Entry(
      Instant at,
      String user,
      String context,
      String namespace,
      String kind,
      String name,
      String action,
      List<Change> changes,
      String outcome) {
    public Entry {
      changes = List.copyOf(changes);
    }
  }

  /** One request: the target (main resource or a subresource), patch type and body. */
  public record Change(String subresource, String patchType, String body, int status) {}

  public AuditLog(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  public synchronized void append(Entry e) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", e.at().toString());
      g.writeStringField("user", e.user());
      g.writeStringField("context", e.context());
      g.writeStringField("namespace", e.namespace());
      g.writeStringField("kind", e.kind());
      g.writeStringField("name", e.name());
      g.writeStringField("action", e.action());
      g.writeArrayFieldStart("changes");
      for (Change c : e.changes()) {
        g.writeStartObject();
        g.writeStringField("subresource", c.subresource());
        g.writeStringField("patchType", c.patchType());
        g.writeStringField("body", c.body());
        g.writeNumberField("status", c.status());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("outcome", e.outcome());
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          out + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE,
          StandardOpenOption.SYNC);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the audit log " + file, ex);
    }
  }

  /** The lines written so far, for the audit view and tests. */
  public synchronized List<String> lines() {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : new ArrayList<>();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
