package dev.fleetscope.services.ebpf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fleetscope.services.ebpf.TraceRecord.Bucket;
import dev.fleetscope.services.ebpf.TraceRecord.KeyedHist;
import dev.fleetscope.services.ebpf.TraceRecord.KeyedSeries;
import dev.fleetscope.services.ebpf.TraceRecord.KeyedStats;
import dev.fleetscope.services.ebpf.TraceRecord.MapEntry;
import dev.fleetscope.services.ebpf.TraceRecord.SeriesPoint;
import dev.fleetscope.services.ebpf.TraceRecord.TextKind;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one line of {@code bpftrace -f json} into a {@link TraceRecord}. Streaming (one line at a
 * time, nothing kept between lines) and strict about shape: anything that is not a record throws
 * {@link TraceFormatException} with a one-line reason, which the caller counts and shows. Integers
 * may come as numbers or, when a double cannot hold them, as strings; both are read.
 *
 * <p>Not thread-safe; one parser per stream.
 */
public final class TraceParser {
  private static final JsonFactory JSON = new JsonFactory();

  public TraceRecord parse(String line) throws TraceFormatException {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new TraceFormatException("not a JSON object");
      }
      String type = null;
      Object data = null;
      boolean hasData = false;
      Map<String, Object> extra = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "type" -> {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
              throw new TraceFormatException("\"type\" is not a string");
            }
            type = p.getText();
          }
          case "data" -> {
            data = value(p);
            hasData = true;
          }
          default -> {
            if (extra == null) {
              extra = new LinkedHashMap<>();
            }
            extra.put(field, value(p));
          }
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new TraceFormatException("unexpected " + t + " in record");
      }
      if (p.nextToken() != null) {
        throw new TraceFormatException("text after the record");
      }
      if (type == null) {
        throw new TraceFormatException("no \"type\" field");
      }
      return record(type, data, hasData, extra == null ? Map.of() : extra, line);
    } catch (IOException e) {
      throw new TraceFormatException(firstLine(e.getMessage()));
    }
  }

  private static TraceRecord record(
      String type, Object data, boolean hasData, Map<String, Object> extra, String line)
      throws TraceFormatException {
    switch (type) {
      case "printf":
        return new TraceRecord.Text(TextKind.PRINTF, text(type, data));
      case "time":
        return new TraceRecord.Text(TextKind.TIME, text(type, data));
      case "join":
        return new TraceRecord.Text(TextKind.JOIN, text(type, data));
      case "cat":
        return new TraceRecord.Text(TextKind.CAT, text(type, data));
      case "syscall":
        return new TraceRecord.Text(TextKind.SYSCALL, text(type, data));
      case "attached_probes":
        return new TraceRecord.AttachedProbes(countOf(type, data, hasData, extra, "probes"));
      case "lost_events":
        return new TraceRecord.LostEvents(countOf(type, data, hasData, extra, "events"));
      case "map":
        return map(data);
      case "hist":
        return hist(data);
      case "stats":
        return stats(data);
      case "tseries":
        return tseries(data);
      case "value":
        if (!hasData) {
          throw new TraceFormatException("value record without \"data\"");
        }
        return new TraceRecord.ValueRecord(data);
      case "helper_error":
      case "runtime_error":
      case "print_error":
      case "errorf":
      case "warnf":
        return problem(type, data, extra);
      default:
        return new TraceRecord.Unknown(type, line);
    }
  }

  private static String text(String type, Object data) throws TraceFormatException {
    if (data instanceof String s) {
      return s;
    }
    throw new TraceFormatException(type + " record's \"data\" is not a string");
  }

  private static long countOf(
      String type, Object data, boolean hasData, Map<String, Object> extra, String oldField)
      throws TraceFormatException {
    Object v = extra.get("count");
    if (v == null && hasData && data instanceof Map<?, ?> m) {
      v = m.get(oldField);
    }
    if (v == null) {
      throw new TraceFormatException(
          type + " record has neither \"count\" nor \"data." + oldField + "\"");
    }
    return integer(v, type + " count");
  }

  /** The one named map a map-like record holds: {@code {"@name": value}}. */
  private static Map.Entry<String, Object> named(String type, Object data)
      throws TraceFormatException {
    if (!(data instanceof Map<?, ?> m) || m.size() != 1) {
      throw new TraceFormatException(type + " record's \"data\" is not {\"@map\": ...}");
    }
    @SuppressWarnings("unchecked")
    Map.Entry<String, Object> e = ((Map<String, Object>) m).entrySet().iterator().next();
    return e;
  }

  private static TraceRecord map(Object data) throws TraceFormatException {
    Map.Entry<String, Object> named = named("map", data);
    List<MapEntry> entries = new ArrayList<>();
    if (named.getValue() instanceof Map<?, ?> keyed) {
      for (Map.Entry<?, ?> e : keyed.entrySet()) {
        entries.add(new MapEntry(MapKey.of((String) e.getKey()), e.getValue()));
      }
    } else {
      entries.add(new MapEntry(MapKey.NONE, named.getValue()));
    }
    return new TraceRecord.MapRecord(named.getKey(), entries);
  }

  private static TraceRecord hist(Object data) throws TraceFormatException {
    Map.Entry<String, Object> named = named("hist", data);
    List<KeyedHist> hists = new ArrayList<>();
    Object v = named.getValue();
    if (v instanceof List<?> buckets) {
      hists.add(new KeyedHist(MapKey.NONE, buckets(named.getKey(), buckets)));
    } else if (v instanceof Map<?, ?> keyed) {
      for (Map.Entry<?, ?> e : keyed.entrySet()) {
        if (!(e.getValue() instanceof List<?> buckets)) {
          throw new TraceFormatException(
              "hist " + named.getKey() + "[" + e.getKey() + "] is not a list of buckets");
        }
        hists.add(new KeyedHist(MapKey.of((String) e.getKey()), buckets(named.getKey(), buckets)));
      }
    } else {
      throw new TraceFormatException("hist " + named.getKey() + " is not a list of buckets");
    }
    return new TraceRecord.HistRecord(named.getKey(), hists);
  }

  private static List<Bucket> buckets(String name, List<?> raw) throws TraceFormatException {
    List<Bucket> out = new ArrayList<>(raw.size());
    for (Object o : raw) {
      if (!(o instanceof Map<?, ?> b)) {
        throw new TraceFormatException("hist " + name + " has a bucket that is not an object");
      }
      Object count = b.get("count");
      if (count == null) {
        throw new TraceFormatException("hist " + name + " has a bucket without \"count\"");
      }
      Object min = b.get("min");
      Object max = b.get("max");
      out.add(
          new Bucket(
              min == null ? null : integer(min, name + " bucket min"),
              max == null ? null : integer(max, name + " bucket max"),
              integer(count, name + " bucket count")));
    }
    return out;
  }

  private static TraceRecord stats(Object data) throws TraceFormatException {
    Map.Entry<String, Object> named = named("stats", data);
    List<KeyedStats> out = new ArrayList<>();
    if (!(named.getValue() instanceof Map<?, ?> m)) {
      throw new TraceFormatException("stats " + named.getKey() + " is not an object");
    }
    if (m.containsKey("count") && !(m.get("count") instanceof Map)) {
      out.add(oneStats(named.getKey(), MapKey.NONE, m));
    } else {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getValue() instanceof Map<?, ?> s)) {
          throw new TraceFormatException(
              "stats " + named.getKey() + "[" + e.getKey() + "] is not an object");
        }
        out.add(oneStats(named.getKey(), MapKey.of((String) e.getKey()), s));
      }
    }
    return new TraceRecord.StatsRecord(named.getKey(), out);
  }

  private static KeyedStats oneStats(String name, MapKey key, Map<?, ?> s)
      throws TraceFormatException {
    Object count = s.get("count");
    if (count == null) {
      throw new TraceFormatException("stats " + name + " lacks \"count\"");
    }
    return new KeyedStats(
        key,
        integer(count, name + " count"),
        s.get("average") == null ? 0 : real(s.get("average"), name + " average"),
        s.get("total") == null ? 0 : real(s.get("total"), name + " total"));
  }

  private static TraceRecord tseries(Object data) throws TraceFormatException {
    Map.Entry<String, Object> named = named("tseries", data);
    List<KeyedSeries> out = new ArrayList<>();
    Object v = named.getValue();
    if (v instanceof List<?> points) {
      out.add(new KeyedSeries(MapKey.NONE, points(named.getKey(), points)));
    } else if (v instanceof Map<?, ?> keyed) {
      for (Map.Entry<?, ?> e : keyed.entrySet()) {
        if (!(e.getValue() instanceof List<?> points)) {
          throw new TraceFormatException(
              "tseries " + named.getKey() + "[" + e.getKey() + "] is not a list");
        }
        out.add(new KeyedSeries(MapKey.of((String) e.getKey()), points(named.getKey(), points)));
      }
    } else {
      throw new TraceFormatException("tseries " + named.getKey() + " is not a list");
    }
    return new TraceRecord.TimeSeriesRecord(named.getKey(), out);
  }

  private static List<SeriesPoint> points(String name, List<?> raw) throws TraceFormatException {
    List<SeriesPoint> out = new ArrayList<>(raw.size());
    for (Object o : raw) {
      if (!(o instanceof Map<?, ?> m) || !m.containsKey("value")) {
        throw new TraceFormatException("tseries " + name + " has a point without \"value\"");
      }
      Object start = m.get("interval_start");
      out.add(
          new SeriesPoint(
              start == null ? "" : String.valueOf(start), real(m.get("value"), name + " value")));
    }
    return out;
  }

  private static TraceRecord problem(String type, Object data, Map<String, Object> extra)
      throws TraceFormatException {
    Object msg = extra.get("msg");
    if (msg == null && data instanceof String s) {
      msg = s;
    }
    Object helper = extra.get("helper");
    return new TraceRecord.Problem(
        type,
        type.equals("warnf"),
        msg == null ? "" : String.valueOf(msg).strip(),
        helper == null ? "" : String.valueOf(helper),
        extra.get("retcode") == null ? 0 : integer(extra.get("retcode"), type + " retcode"),
        extra.get("filename") == null ? "" : String.valueOf(extra.get("filename")),
        extra.get("line") == null ? 0 : integer(extra.get("line"), type + " line"),
        extra.get("col") == null ? 0 : integer(extra.get("col"), type + " col"));
  }

  /** An integer written as a number or as a string (bpftrace quotes those a double cannot hold). */
  static long integer(Object v, String what) throws TraceFormatException {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Double d && !d.isNaN()) {
      return d.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        try {
          // Unsigned 64-bit values above Long.MAX_VALUE: clamp rather than wrap.
          BigInteger big = new BigInteger(s.strip());
          return big.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        } catch (NumberFormatException e2) {
          throw new TraceFormatException(what + " is not an integer: \"" + shorten(s) + "\"");
        }
      }
    }
    throw new TraceFormatException(what + " is not an integer");
  }

  static double real(Object v, String what) throws TraceFormatException {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        throw new TraceFormatException(what + " is not a number: \"" + shorten(s) + "\"");
      }
    }
    throw new TraceFormatException(what + " is not a number");
  }

  /** Any JSON value as Long, Double, String, Boolean, null, List or LinkedHashMap. */
  private static Object value(JsonParser p) throws IOException, TraceFormatException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new TraceFormatException("the line ends inside the record");
    }
    switch (t) {
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          return p.getText();
        }
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case START_ARRAY:
        {
          List<Object> list = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == null) {
              throw new TraceFormatException("the line ends inside a list");
            }
            list.add(value(p));
          }
          return list;
        }
      case START_OBJECT:
        {
          Map<String, Object> map = new LinkedHashMap<>();
          JsonToken k;
          while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            map.put(name, value(p));
          }
          if (k != JsonToken.END_OBJECT) {
            throw new TraceFormatException("the line ends inside an object");
          }
          return map;
        }
      default:
        throw new TraceFormatException("unexpected " + t);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed JSON";
    }
    int nl = s.indexOf('\n');
    String first = nl < 0 ? s : s.substring(0, nl);
    return "malformed JSON: " + shorten(first);
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
