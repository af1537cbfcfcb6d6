package dev.fleetscope.services.metrics.adapter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fleetscope.services.metrics.PromBuildInfo;
import dev.fleetscope.services.metrics.PromMetadata;
import dev.fleetscope.services.metrics.PromResult;
import dev.fleetscope.services.metrics.PromSample;
import dev.fleetscope.services.metrics.PromSeries;
import dev.fleetscope.services.metrics.PrometheusException;
import dev.fleetscope.services.metrics.PrometheusException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes Prometheus API answers with Jackson's streaming parser: no tree model, so a matrix of
 * millions of samples goes straight into primitive arrays. The envelope ({@code status}, {@code
 * data}, {@code errorType}, {@code error}, {@code warnings}, {@code infos}) is read in whatever
 * order it comes.
 */
final class PromResponseDecoder {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** Reads the {@code data} field; the parser stands on its first token. */
  interface DataReader<T> {
    T read(JsonParser p) throws IOException;
  }

  private PromResponseDecoder() {}

  static <T> PromResult<T> decode(InputStream body, int httpStatus, DataReader<T> reader) {
    String status = null;
    String errorType = "";
    String error = "";
    T data = null;
    List<String> warnings = new ArrayList<>();
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw notApi(httpStatus, "it does not start with a JSON object", null);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "status" -> status = p.getValueAsString();
          case "errorType" -> errorType = p.getValueAsString("");
          case "error" -> error = p.getValueAsString("");
          case "warnings" -> strings(p, warnings, "");
          case "infos" -> strings(p, warnings, "info: ");
          case "data" -> {
            if (value == JsonToken.VALUE_NULL) {
              data = null;
            } else {
              data = reader.read(p);
            }
          }
          default -> p.skipChildren();
        }
      }
    } catch (PrometheusException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw notApi(httpStatus, e.getMessage(), e);
    }
    if ("error".equals(status)) {
      throw new PrometheusException(
          kindOf(httpStatus, errorType), errorType, httpStatus, error, null);
    }
    if (!"success".equals(status)) {
      throw notApi(httpStatus, "no \"status\": \"success\" in it", null);
    }
    return new PromResult<>(data, warnings);
  }

  private static Kind kindOf(int httpStatus, String errorType) {
    if ("timeout".equals(errorType)) {
      return Kind.TIMEOUT;
    }
    if (httpStatus == 401 || httpStatus == 403) {
      return Kind.UNAUTHORIZED;
    }
    if (httpStatus >= 500 || "unavailable".equals(errorType) || "internal".equals(errorType)) {
      return Kind.UNAVAILABLE;
    }
    return Kind.BAD_REQUEST;
  }

  private static PrometheusException notApi(int httpStatus, String why, Throwable cause) {
    String prefix = httpStatus >= 400 ? "HTTP " + httpStatus + ", and the body" : "the answer";
    Kind kind = httpStatus >= 500 ? Kind.UNAVAILABLE : Kind.BAD_RESPONSE;
    if (httpStatus == 401 || httpStatus == 403) {
      kind = Kind.UNAUTHORIZED;
    }
    return new PrometheusException(
        kind, "", httpStatus, prefix + " is not a Prometheus API response: " + why, cause);
  }

  private static void strings(JsonParser p, List<String> out, String prefix) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() != JsonToken.END_ARRAY) {
      out.add(prefix + p.getValueAsString());
    }
  }

  // ---- data readers ----

  /** An instant query's vector; a scalar becomes one sample without labels. */
  static List<PromSample> vector(JsonParser p) throws IOException {
    List<PromSample> out = new ArrayList<>();
    expect(p, JsonToken.START_OBJECT);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (!"result".equals(field)) {
        p.skipChildren();
        continue;
      }
      expect(p, JsonToken.START_ARRAY);
      JsonToken first = p.nextToken();
      if (first == JsonToken.VALUE_NUMBER_INT || first == JsonToken.VALUE_NUMBER_FLOAT) {
        long at =
            PromNumbers.parseMillis(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        p.nextToken();
        double v = value(p);
        p.nextToken(); // END_ARRAY
        out.add(new PromSample(Map.of(), at, v));
        continue;
      }
      for (t = first; t != JsonToken.END_ARRAY; t = p.nextToken()) {
        expect(p, JsonToken.START_OBJECT);
        Map<String, String> labels = Map.of();
        long at = 0;
        double v = Double.NaN;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          p.nextToken();
          switch (f) {
            case "metric" -> labels = labels(p);
            case "value" -> {
              expect(p, JsonToken.START_ARRAY);
              p.nextToken();
              at =
                  PromNumbers.parseMillis(
                      p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
              p.nextToken();
              v = value(p);
              p.nextToken();
            }
            default -> p.skipChildren();
          }
        }
        out.add(new PromSample(labels, at, v));
      }
    }
    return out;
  }

  /** A range query's matrix, each series into two primitive arrays. */
  static List<PromSeries> matrix(JsonParser p) throws IOException {
    List<PromSeries> out = new ArrayList<>();
    expect(p, JsonToken.START_OBJECT);
    long[] times = new long[256];
    double[] values = new double[256];
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (!"result".equals(field)) {
        p.skipChildren();
        continue;
      }
      expect(p, JsonToken.START_ARRAY);
      while (p.nextToken() != JsonToken.END_ARRAY) {
        expect(p, JsonToken.START_OBJECT);
        Map<String, String> labels = Map.of();
        int n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          p.nextToken();
          if ("metric".equals(f)) {
            labels = labels(p);
          } else if ("values".equals(f)) {
            expect(p, JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_ARRAY) {
              if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
                values = Arrays.copyOf(values, n * 2);
              }
              p.nextToken();
              times[n] =
                  PromNumbers.parseMillis(
                      p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
              p.nextToken();
              values[n] = value(p);
              p.nextToken(); // END_ARRAY of the pair
              n++;
            }
          } else {
            p.skipChildren();
          }
        }
        out.add(new PromSeries(labels, Arrays.copyOf(times, n), Arrays.copyOf(values, n)));
      }
    }
    return out;
  }

  static List<Map<String, String>> labelSets(JsonParser p) throws IOException {
    expect(p, JsonToken.START_ARRAY);
    List<Map<String, String>> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      out.add(labels(p));
    }
    return out;
  }

  static List<String> stringList(JsonParser p) throws IOException {
    List<String> out = new ArrayList<>();
    strings(p, out, "");
    return out;
  }

  static Map<String, List<PromMetadata>> metadata(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT);
    Map<String, List<PromMetadata>> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String metric = p.currentName();
      p.nextToken();
      expect(p, JsonToken.START_ARRAY);
      List<PromMetadata> entries = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        Map<String, String> m = labels(p);
        entries.add(
            new PromMetadata(
                m.getOrDefault("type", ""),
                m.getOrDefault("help", ""),
                m.getOrDefault("unit", "")));
      }
      out.put(metric, entries);
    }
    return out;
  }

  static PromBuildInfo buildInfo(JsonParser p) throws IOException {
    Map<String, String> m = labels(p);
    return new PromBuildInfo(
        m.getOrDefault("version", ""),
        m.getOrDefault("revision", ""),
        m.getOrDefault("goVersion", ""));
  }

  /** A flat JSON object of strings (labels, metadata entries); other values are skipped. */
  private static Map<String, String> labels(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT);
    Map<String, String> out = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_STRING) {
        out.put(name, p.getText());
      } else {
        p.skipChildren();
      }
    }
    return out;
  }

  private static double value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_STRING
        && t != JsonToken.VALUE_NUMBER_FLOAT
        && t != JsonToken.VALUE_NUMBER_INT) {
      throw new IOException("expected a sample value, found " + t);
    }
    return PromNumbers.parseDouble(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
  }

  private static void expect(JsonParser p, JsonToken token) throws IOException {
    if (p.currentToken() != token) {
      throw new IOException(
          "expected "
              + token
              + " at "
              + p.currentLocation().toString()
              + ", found "
              + p.currentToken());
    }
  }
}
