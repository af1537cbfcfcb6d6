package dev.fleetscope.services.common;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in text that leaves the console (crash reports, copied diagnostics): bearer
 * tokens, {@code key=value} or {@code key: value} pairs whose key names a secret, user:password in
 * URLs, and long base64 runs such as kubeconfig key data or service-account tokens (but not long
 * file paths).
 */
public final class Redaction {
  public static final String MASK = "<redacted>";

  private static final List<Pattern> SECRET_VALUES =
      List.of(
          // Authorization: Bearer xyz / Basic xyz
          Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}"),
          // token=..., "password": "...", client-key-data: ...
          Pattern.compile(
              "(?i)([\"']?[\\w.-]*(?:token|password|passwd|secret|api[_-]?key|client-key-data"
                  + "|client-certificate-data|authorization|credential)s?[\"']?\\s*[:=]\\s*)"
                  + "(\"[^\"]*\"|'[^']*'|[^\\s,;&}\\]]+)"),
          // https://user:password@host
          Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:)([^@\\s/]+)(@)"));
  private static final Pattern LONG_BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{40,}={0,2}");

  private Redaction() {}

  /** The text with every credential-looking value replaced by {@link #MASK}. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    Matcher bearer = SECRET_VALUES.get(0).matcher(out);
    out = bearer.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " " + MASK));
    Matcher pair = SECRET_VALUES.get(1).matcher(out);
    // "Authorization: Bearer <redacted>" keeps its scheme; the value is already masked.
    out =
        pair.replaceAll(
            m ->
                Matcher.quoteReplacement(
                    m.group(2).matches("(?i)bearer|basic") ? m.group() : m.group(1) + MASK));
    Matcher userinfo = SECRET_VALUES.get(2).matcher(out);
    out = userinfo.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(3)));
    return LONG_BASE64
        .matcher(out)
        .replaceAll(m -> Matcher.quoteReplacement(looksEncoded(m.group()) ? MASK : m.group()));
  }

  /**
   * Whether a long run of base64 characters is encoded data rather than a file path: somewhere in
   * it 24 or more characters without a slash mix upper case, lower case and digits (path segments
   * are shorter or not so mixed; key data and tokens are).
   */
  private static boolean looksEncoded(String run) {
    for (String stretch : run.split("/")) {
      if (stretch.length() >= 24
          && stretch.chars().anyMatch(Character::isUpperCase)
          && stretch.chars().anyMatch(Character::isLowerCase)
          && stretch.chars().anyMatch(Character::isDigit)) {
        return true;
      }
    }
    return false;
  }
}
